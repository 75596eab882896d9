using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Features.Alerts;

/// <summary>The administrators' and directors' messages, queued by the features that detect each condition.</summary>
public static class AlertsFeature
{
    public static IServiceCollection AddAlertsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ConnectionAlerts>();
        services.AddSingleton<StaffSyncAlerts>();
        services.AddSingleton<UsageAlerts>();
        services.AddSingleton<HostAlerts>();
        services.AddSingleton<NoShowAlerts>();
        return services;
    }
}
