using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Home;
using Portal.Core.Jobs;

namespace Portal.Core.Features.Usage;

public static class UsageFeatureExtensions
{
    public static IServiceCollection AddUsageFeature(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddOptions<UsageAlertOptions>().BindConfiguration(UsageAlertOptions.Section).ValidateDataAnnotations();
        services.AddOptions<UsageDashboardOptions>().BindConfiguration(UsageDashboardOptions.Section).ValidateDataAnnotations();
        services.AddSingleton<IUsageEstimates, UsageEstimates>();
        services.AddScoped<IUsageDashboardService, UsageDashboardService>();
        services.AddScoped<IHomeAlertSource, UsageHomeAlertSource>();
        services.AddScoped<IPortalJob, UsageSnapshotJob>();
        services.AddScoped<Portal.Core.Features.Webhooks.Handlers.IRecordingEventSink, RecordingEventsRefreshUsage>();
        return services;
    }
}
