using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using Portal.Auth;
using Portal.Components;
using Portal.Components.Pages.Sessions;
using Portal.Core;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Zoom;
using Portal.Shell;
using Portal.ZoomSandbox;

namespace Portal;

public static class WebServiceExtensions
{
    public const string SandboxPrefix = "/_zoom-sandbox";

    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Notifications at the bottom: at the top right (MudBlazor's default) they covered the sign-out and the pages' own buttons.
        builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddPortalForwardedHeaders();
        builder.AddPortalAuthentication();
        builder.Services.AddScoped<ICurrentActor, CurrentActor>();
        builder.Services.AddScoped<ConnectionSelection>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddProblemDetails();
        builder.Services.AddSessionsWeb();
        builder.Services.AddOptions<WebSettings>().Bind(builder.Configuration);
        // The sandbox's services are inert until its endpoints are mapped, which happens only when Zoom:Sandbox:Enabled
        // (bound with ZoomOptions) is true, and that is refused outside Development.
        builder.Services.AddZoomSandbox(builder.Configuration.GetSection("Zoom:Sandbox"));
        return builder;
    }

    public static async Task<WebApplication> UsePortalWebAsync(this WebApplication app)
    {
        // Settings are checked before anything is written (migrations) and before the host starts, so an invalid
        // value stops the portal with the one line naming its key rather than a host failure log.
        DevelopmentOnlyFeatures.RefuseOutsideDevelopment(app);
        app.Services.GetService<IStartupValidator>()?.Validate();
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Migrate)
        {
            await app.Services.MigratePortalDatabaseAsync();
        }

        app.UsePortalForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler(errorApp => errorApp.Run(ErrorResponse.WriteAsync));
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use(OnlyBrowserPagesGetStatusPages);
        if (app.Services.GetRequiredService<IOptions<WebSettings>>().Value.HttpsRedirection)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        app.MapPortalAuthEndpoints();
        if (app.Services.GetRequiredService<IOptions<ZoomOptions>>().Value.Sandbox.Enabled)
        {
            app.MapZoomSandbox(SandboxPrefix);
            var targets = ActivatorUtilities.CreateInstance<SandboxWebhookTargets>(app.Services);
            app.Services.GetRequiredService<ZoomSandboxControl>().WebhookTargets = targets.FindAsync;
        }
        app.MapPortalEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    // Status pages are for people: an API or webhook caller keeps its bare status code, and a POST is never re-executed.
    private static Task OnlyBrowserPagesGetStatusPages(HttpContext http, Func<Task> next)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || !http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
        }
        return next();
    }
}
