using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// The portal as an institution runs it (Production, Entra ID sign-in with a client secret, no sandbox), signing in
/// against <see cref="FakeEntraId"/>. Only what a local http authority needs differs from production; see
/// <see cref="ConfigureWebHost"/>. Without a client secret the portal asks the authorize endpoint for the id_token
/// itself instead of a code.
/// </summary>
public sealed class EntraIdPortalFactory(FakeEntraId entraId, bool withClientSecret = true) : PortalAppFactory(new Dictionary<string, string?>
{
    ["Authentication:Mode"] = "AzureAd",
    ["AzureAd:Instance"] = entraId.Instance,
    ["AzureAd:TenantId"] = entraId.TenantId,
    ["AzureAd:ClientId"] = entraId.ClientId,
    ["AzureAd:ClientSecret"] = withClientSecret ? entraId.ClientSecret : "",
    ["Zoom:Sandbox:Enabled"] = "false",
}, environment: "Production")
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // A published portal serves its static files from wwwroot; an unpublished build outside Development needs the
        // static web assets manifest (blazor.web.js, MudBlazor) switched on, as Development does by itself.
        builder.UseStaticWebAssets();
        builder.ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
        {
            // The authority is http on loopback. Only a Configure here reaches the options in time; the framework's own
            // post-configuration has already refused http when a PostConfigure would run.
            o.RequireHttpsMetadata = false;
            // The correlation and nonce cookies are SameSite=None (so Secure) in production; over http they must be Lax.
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SameSite = SameSiteMode.Lax;
            }
            // Microsoft.Identity.Web's AadIssuerValidator knows only Microsoft's hosts. This does what it does for the
            // local host: the issuer must be the authority's issuer template with the token's own tid filled in.
            o.TokenValidationParameters.IssuerValidator = (issuer, token, _) =>
                token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("tid", out var tid) && issuer == entraId.IssuerOf(tid)
                    ? issuer
                    : throw new SecurityTokenInvalidIssuerException($"Issuer {issuer} does not match the token's tenant.");
        }));
    }
}
