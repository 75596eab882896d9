using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Settings;

namespace Portal.Core.Zoom;

public static class ZoomServiceExtensions
{
    /// <summary>The Zoom client as IZoomOAuth, IZoomUsers, IZoomMeetings, IZoomRecordings and IZoomAccountReports, and the call statistics.</summary>
    public static IServiceCollection AddZoomClient(this IServiceCollection services)
    {
        // The one binding of Zoom:*; its annotations (nested sections included, e.g. Zoom:RateLimits:Light) are checked at start.
        services.AddSectionOptions<ZoomOptions>(ZoomOptions.Section)
            .Validate(o => Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out _) && Uri.TryCreate(o.OAuthBaseUrl, UriKind.Absolute, out _),
                "Zoom:ApiBaseUrl and Zoom:OAuthBaseUrl must be absolute URLs.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.TokenRefreshMargin >= TimeSpan.Zero, "Zoom:RequestTimeout must be positive.");

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ZoomCallStatistics>();
        services.TryAddSingleton<ZoomEndpoints>();
        services.TryAddSingleton<ZoomTokenProvider>();
        services.TryAddSingleton<ZoomPacer>();
        services.TryAddTransient<ZoomAuthHandler>();
        services.TryAddTransient<ZoomCallLogHandler>();

        services.TryAddSingleton<IZoomCallStatistics>(sp => sp.GetRequiredService<ZoomCallStatistics>());

        // One client behind every Zoom interface; it creates its HttpClients from the factory per call, so handlers rotate.
        services.TryAddSingleton<ZoomClient>();
        services.TryAddSingleton<IZoomOAuth>(sp => sp.GetRequiredService<ZoomClient>());
        services.TryAddSingleton<IZoomUsers>(sp => sp.GetRequiredService<ZoomClient>());
        services.TryAddSingleton<IZoomMeetings>(sp => sp.GetRequiredService<ZoomClient>());
        services.TryAddSingleton<IZoomPastMeetings>(sp => sp.GetRequiredService<ZoomClient>());
        services.TryAddSingleton<IZoomRecordings>(sp => sp.GetRequiredService<ZoomClient>());
        services.TryAddSingleton<IZoomAccountReports>(sp => sp.GetRequiredService<ZoomClient>());

        services.AddHttpClient(ZoomRequest.ApiClient, (sp, client) =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ZoomOptions>>().Value;
                // The pipeline's own timeouts govern; this is only a last resort above them.
                client.Timeout = ZoomResilience.TotalTimeout(options) + TimeSpan.FromSeconds(30);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddHttpMessageHandler<ZoomAuthHandler>()
            .AddResilienceHandler(ZoomResilience.PipelineName, (pipeline, context) => ZoomResilience.Configure(pipeline, context.ServiceProvider))
            .Services.AddHttpClient(ZoomRequest.ApiClient)
            .AddHttpMessageHandler<ZoomCallLogHandler>()
            .RemoveAllLoggers();

        // Streaming downloads: no total timeout (large files), redirects followed by hand so the token never leaves Zoom.
        services.AddHttpClient(ZoomRequest.DownloadClient, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(30),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddHttpMessageHandler<ZoomCallLogHandler>()
            .RemoveAllLoggers();

        services.AddHttpClient(ZoomRequest.OAuthClient, (sp, client) =>
                client.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ZoomOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddHttpMessageHandler<ZoomCallLogHandler>()
            .RemoveAllLoggers();

        return services;
    }
}
