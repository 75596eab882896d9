using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Home;
using Portal.Core.Jobs;
using Portal.Core.Settings;

namespace Portal.Core.Features.Usage;

public static class UsageFeatureExtensions
{
    public static IServiceCollection AddUsageFeature(this IServiceCollection services)
    {
        services.AddSectionOptions<UsageAlertOptions>(UsageAlertOptions.Section);
        services.AddSingleton<IValidateOptions<UsageAlertOptions>, UsageAlertOptionsValidator>();
        services.AddSectionOptions<UsageDashboardOptions>(UsageDashboardOptions.Section);
        services.AddSingleton<IUsageEstimates, UsageEstimates>();
        services.AddScoped<IUsageDashboardService, UsageDashboardService>();
        services.AddScoped<IHomeAlertSource, UsageHomeAlertSource>();
        services.AddScoped<StorageHistoryBackfill>();
        services.AddScoped<IPortalJob, UsageSnapshotJob>();
        services.AddScoped<Portal.Core.Features.Webhooks.Handlers.IRecordingEventSink, RecordingEventsRefreshUsage>();
        return services;
    }
}
