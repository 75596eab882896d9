using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Home;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.Webhooks;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.Usage;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Features.Staff;

namespace Portal.Core;

/// <summary>Each feature adds its services here, one line per feature.</summary>
internal static class FeatureServiceExtensions
{
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services)
    {
        services.AddScoped<IConnectionDirectory, ConnectionDirectory>();
        services.AddScoped<IHomeSummaryService, HomeSummaryService>();
        services.AddSingleton<IZoomTargetResolver, ZoomTargetResolver>();
        services.AddWebhooksFeature();
        services.AddRecordingsFeature();
        services.AddUsageFeature();
        services.AddConnectionsFeature();
        services.AddSessionsFeature();
        services.AddOutcomesFeature();
        services.AddStaffFeature();
        services.AddSessionRecordingsFeature();
        services.AddNotificationsFeature();
        services.AddSessionMessagesFeature();
        services.AddAlertsFeature();
        return services;
    }
}
