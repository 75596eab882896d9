using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Portal.Auth;

/// <summary>What the portal itself requires of an Entra ID sign-in, on top of Microsoft.Identity.Web's token validation.</summary>
public static class EntraIdSignIn
{
    /// <summary>Where a person goes when Entra ID answered but the portal did not accept the sign-in.</summary>
    public const string RefusedPath = "/status/401";

    public static bool IsDirectoryId(string? tenantId) => Guid.TryParse(tenantId, out _);

    public static void Configure(OpenIdConnectOptions options, string tenantId)
    {
        var tokenValidated = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            await tokenValidated(context);
            // Identity.Web's issuer validation accepts any Entra tenant whose issuer matches its tid; the portal
            // belongs to one institution.
            var tid = context.Principal?.FindTenantId();
            if (context.Result is null && !string.Equals(tid, tenantId, StringComparison.OrdinalIgnoreCase))
            {
                context.Fail($"The token is for tenant '{tid}', not the configured AzureAd:TenantId.");
            }
        };

        var remoteFailure = options.Events.OnRemoteFailure;
        options.Events.OnRemoteFailure = async context =>
        {
            await remoteFailure(context);
            if (context.Result is { Handled: true })
            {
                return;
            }
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraIdSignIn))
                .LogWarning("An Entra ID sign-in was refused: {Reason}", context.Failure?.Message);
            context.Response.Redirect(RefusedPath);
            context.HandleResponse();
        };
    }
}
