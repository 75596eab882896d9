using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Jobs;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

public static class ConnectionsFeature
{
    public static IServiceCollection AddConnectionsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddOptions<ZoomOptions>().BindConfiguration(ZoomOptions.Section);
        services.AddOptions<ZoomLinkOptions>().BindConfiguration(ZoomLinkOptions.Section);
        services.AddSingleton<ZoomLinkTokenStore>();
        services.AddSingleton<IZoomLinkTokenStore>(sp => sp.GetRequiredService<ZoomLinkTokenStore>());
        services.AddScoped<IConnectionVerifier, ConnectionVerifier>();
        services.AddScoped<IConnectionService, ConnectionService>();
        services.AddScoped<IZoomLinkService, ZoomLinkService>();
        services.AddScoped<IConfiguredConnectionSync, ConfiguredConnectionSync>();
        services.AddHostedService<ConfiguredConnectionsHostedService>();
        services.AddScoped<IPortalJob, ZoomLinkRefreshJob>();
        return services;
    }
}
