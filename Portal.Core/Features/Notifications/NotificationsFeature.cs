using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Jobs;
using Portal.Core.Settings;

namespace Portal.Core.Features.Notifications;

public static class NotificationsFeature
{
    public static IServiceCollection AddNotificationsFeature(this IServiceCollection services)
    {
        services.AddSectionOptions<EmailOptions>(EmailOptions.Section);
        services.AddSingleton<IPortalLinks, PortalLinks>();
        services.AddSingleton<INotificationOutbox, NotificationOutbox>();
        services.AddSingleton<IValidateOptions<EmailOptions>, AlertRecipientsValidator>();
        services.AddScoped<RecordSignIn>();
        services.AddScoped<ConfiguredRecipients>();
        services.AddHostedService<ConfiguredRecipientsHostedService>();
        services.AddScoped<INotificationPreferences, NotificationPreferences>();
        services.AddScoped<NotificationDigest>();
        services.AddScoped<IPortalJob, NotificationDigestJob>();
        services.AddMailDelivery();
        return services;
    }

    private static void AddMailDelivery(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxDelivery, OutboxDelivery>();
        services.AddHostedService<OutboxBackgroundDelivery>();
        services.AddScoped<IPortalJob, OutboxDeliveryJob>();
        services.AddScoped<IOutboxAdmin, OutboxAdmin>();
    }
}
