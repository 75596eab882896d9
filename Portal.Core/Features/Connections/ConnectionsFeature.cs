using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Jobs;
using Portal.Core.Settings;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

public static class ConnectionsFeature
{
    public const string CallbackPath = "/connections/oauth/callback";

    public static IServiceCollection AddConnectionsFeature(this IServiceCollection services)
    {
        // An empty Zoom:OAuthApp:RedirectUri means the portal's own callback; the client resolves a relative one against the portal's address.
        services.PostConfigure<ZoomOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.OAuthApp.RedirectUri))
            {
                o.OAuthApp.RedirectUri = CallbackPath;
            }
        });
        services.AddSectionOptions<ZoomLinkOptions>(ZoomLinkOptions.Section);
        services.AddSectionOptions<ZoomLinkRefreshOptions>(ZoomLinkRefreshOptions.Section);
        services.AddSingleton<ZoomLinkTokenStore>();
        services.AddSingleton<IZoomLinkTokenStore>(sp => sp.GetRequiredService<ZoomLinkTokenStore>());
        services.AddScoped<IConnectionVerifier, ConnectionVerifier>();
        services.AddScoped<IConnectionService, ConnectionService>();
        services.AddScoped<ConnectServerToServer>();
        services.AddSingleton<LinkRevocation>();
        services.AddScoped<IZoomLinkService, ZoomLinkService>();
        services.AddScoped<IConfiguredConnectionSync, ConfiguredConnectionSync>();
        services.AddHostedService<ConfiguredConnectionsHostedService>();
        services.AddScoped<IPortalJob, ZoomLinkRefreshJob>();
        return services;
    }
}
