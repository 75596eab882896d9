using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Jobs;
using Portal.Core.Settings;

namespace Portal.Core.Features.SessionRecordings;

public static class SessionRecordingsFeature
{
    public static IServiceCollection AddSessionRecordingsFeature(this IServiceCollection services)
    {
        services.AddSectionOptions<RecordingPublishOptions>(RecordingPublishOptions.Section)
            .Validate(o => o.RecordingPublishDefault <= o.RecordingPublishMax,
                "Sessions:RecordingPublishDefault must not be above Sessions:RecordingPublishMax.");
        services.AddScoped<SessionRecordingTies>();
        services.AddScoped<ISessionRecordingRefresh, ListingRecordingRefresh>();
        services.AddScoped<ISessionRecordingService, SessionRecordingService>();
        services.AddScoped<IClientRecordingService, ClientRecordingService>();
        services.AddScoped<IRecordingAutoPublish, RecordingAutoPublish>();
        services.AddScoped<IPortalJob, SessionRecordingTieJob>();
        return services;
    }
}
