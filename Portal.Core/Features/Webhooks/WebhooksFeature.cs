using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Webhooks.Handlers;
using Portal.Core.Jobs;
using Portal.Core.Settings;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Webhooks;

public static class WebhooksFeature
{
    public static IServiceCollection AddWebhooksFeature(this IServiceCollection services)
    {
        services.AddSectionOptions<WebhookOptions>(WebhookOptions.Section)
            .Validate(o => o.StoreTimeout > TimeSpan.Zero && o.StoreTimeout < TimeSpan.FromSeconds(3),
                "Webhooks:StoreTimeout must be positive and under 3 seconds (Zoom counts a delivery without an answer within 3 seconds as failed).")
            .ValidateOnStart();
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<WebhookEventStore>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookEventStore>());
        services.AddSingleton<IWebhookReceiver, WebhookReceiver>();
        services.AddSingleton<IWebhookEventProcessor, WebhookEventProcessor>();
        services.AddScoped<IWebhookEventHandler, AppDeauthorizedHandler>();
        services.AddScoped<IWebhookEventHandler, UserEventHandler>();
        services.AddScoped<IWebhookEventHandler, MeetingEventHandler>();
        services.AddScoped<IWebhookEventHandler, RecordingEventHandler>();
        services.AddScoped<IWebhookEventHandler, MeetingOutcomeHandler>();
        services.AddScoped<IWebhookAdmin, WebhookAdmin>();
        services.AddHostedService<WebhookBackgroundProcessor>();
        services.AddScoped<IPortalJob, WebhookProcessingJob>();
        return services;
    }
}
