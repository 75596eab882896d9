using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Settings;

namespace Portal.Core.Features.Notifications;

public static class NotificationsFeature
{
    public static IServiceCollection AddNotificationsFeature(this IServiceCollection services)
    {
        services.AddSectionOptions<EmailOptions>(EmailOptions.Section);
        services.AddSingleton<IPortalLinks, PortalLinks>();
        services.AddSingleton<INotificationOutbox, NotificationOutbox>();
        return services;
    }
}
