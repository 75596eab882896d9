using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Identity.Web;
using Portal.Core.Settings;
using Portal.Shell;

namespace Portal.Auth;

public static class AuthenticationSetup
{
    public const string DevelopmentMode = "Development";
    public const string AzureAdMode = "AzureAd";

    public static string ResolveMode(AuthenticationSettings authentication, AzureAdSettings azureAd) =>
        !string.IsNullOrWhiteSpace(authentication.Mode)
            ? authentication.Mode.Trim()
            : string.IsNullOrWhiteSpace(azureAd.ClientId) ? DevelopmentMode : AzureAdMode;

    public static void AddPortalAuthentication(this WebApplicationBuilder builder)
    {
        var authentication = builder.Services.AddSectionOptionsNow<AuthenticationSettings>(builder.Configuration, AuthenticationSettings.Section);
        var azureAd = builder.Services.AddSectionOptionsNow<AzureAdSettings>(builder.Configuration, AzureAdSettings.Section);
        var mode = new SignInMode(ResolveMode(authentication, azureAd));
        builder.Services.AddSingleton(mode);
        if (mode.IsAzureAd)
        {
            var missing = new[] { ("Instance", azureAd.Instance), ("TenantId", azureAd.TenantId), ("ClientId", azureAd.ClientId) }
                .Where(k => string.IsNullOrWhiteSpace(k.Item2)).Select(k => k.Item1).ToList();
            if (missing.Count > 0)
            {
                throw new StartupRefusedException(
                    $"Authentication:Mode is AzureAd but AzureAd:{string.Join(", AzureAd:", missing)} is not set. See README, \"Sign-in with Microsoft Entra ID\".");
            }
            var tenantId = azureAd.TenantId!;
            if (!EntraIdSignIn.IsDirectoryId(tenantId))
            {
                throw new StartupRefusedException(
                    $"AzureAd:TenantId must be the directory (tenant) id, a GUID (Entra admin center, Overview, Tenant ID), not '{tenantId}': the portal signs in one institution's people only.");
            }
            builder.Services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApp(builder.Configuration.GetSection(AzureAdSettings.Section));
            builder.Services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => EntraIdSignIn.Configure(o, tenantId));
        }
        else if (mode.IsDevelopment)
        {
            // Outside Development the portal refuses to start (DevelopmentOnlyFeatures) before it serves anything.
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(o => o.LoginPath = "/dev/login");
        }
        else
        {
            throw new StartupRefusedException($"Authentication:Mode '{mode.Name}' is unknown; use 'AzureAd' or 'Development'.");
        }

        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.Cookie.Name = "Portal.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            SignInRecording.Configure(o);
        });
        builder.Services.AddAuthorization(Policies.Configure);
        builder.Services.AddCascadingAuthenticationState();
    }

    public static void MapPortalAuthEndpoints(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<SignInMode>();
        var account = app.MapGroup("/account").AllowAnonymous();
        account.MapGet("/signin", (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }));
        account.MapPost("/signout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest("The sign-out form expired. Open /account/sign-out and sign out there.");
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (mode.IsAzureAd)
            {
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]);
            }
            return Results.LocalRedirect("/");
        }).DisableAntiforgery();

        if (mode.IsDevelopment)
        {
            app.MapPost("/account/dev-signin", async (HttpContext http, IAntiforgery antiforgery) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    return Results.BadRequest("The sign-in form expired or did not come from this site. Reload the sign-in page and try again.");
                }
                var form = await http.Request.ReadFormAsync();
                var devUser = DevelopmentUsers.All.FirstOrDefault(u => u.Key == form["user"]);
                if (devUser is null)
                {
                    return Results.BadRequest("Pick one of the demo users.");
                }
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    DevelopmentUsers.Principal(devUser, CookieAuthenticationDefaults.AuthenticationScheme));
                return Results.LocalRedirect(SafeReturnUrl(form["returnUrl"]));
            }).AllowAnonymous().DisableAntiforgery();
        }
    }

    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
