using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Webhooks.Handlers;
using Portal.Core.Jobs;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Webhooks;

public static class WebhooksFeature
{
    public static IServiceCollection AddWebhooksFeature(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddOptions<ZoomOptions>().BindConfiguration(ZoomOptions.Section);
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<IWebhookReceiver, WebhookReceiver>();
        services.AddSingleton<IWebhookEventProcessor, WebhookEventProcessor>();
        services.AddScoped<IWebhookEventHandler, AppDeauthorizedHandler>();
        services.AddScoped<IWebhookEventHandler, UserEventHandler>();
        services.AddScoped<IWebhookEventHandler, MeetingEventHandler>();
        services.AddScoped<IWebhookEventHandler, RecordingEventHandler>();
        services.AddScoped<IWebhookAdmin, WebhookAdmin>();
        services.AddHostedService<WebhookBackgroundProcessor>();
        services.AddScoped<IPortalJob, WebhookProcessingJob>();
        return services;
    }
}
