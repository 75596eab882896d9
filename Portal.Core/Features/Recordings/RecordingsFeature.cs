using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Core.Settings;

namespace Portal.Core.Features.Recordings;

public static class RecordingsFeature
{
    public const string SharedPagePolicy = "recordings-shared-page";
    public const string SharedStreamPolicy = "recordings-shared-stream";

    public static IServiceCollection AddRecordingsFeature(this IServiceCollection services)
    {
        services.AddSectionOptions<RecordingsOptions>(RecordingsOptions.Section)
            .Validate(o => o.ShareDefaultDays <= o.ShareMaxDays, "Recordings:ShareDefaultDays must not be above Recordings:ShareMaxDays.");
        services.AddMemoryCache();
        services.AddScoped<RecordingAccess>();
        services.AddScoped<RecordingService>();
        services.AddScoped<IRecordingService>(sp => sp.GetRequiredService<RecordingService>());
        services.AddScoped<IRecordingShareService, RecordingShareService>();
        services.AddScoped<IRecordingCleanupService, RecordingCleanupService>();
        services.TryAddScoped<IFreedStorageReporter, UsageFreedStorageReporter>();

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RecordingsOptions>>((o, recordings) =>
        {
            var pagePermits = recordings.Value.SharedPagePermitsPerMinute;
            var streamPermits = recordings.Value.SharedStreamPermitsPerMinute;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SharedPagePolicy, http => PerClient(http, pagePermits));
            o.AddPolicy(SharedStreamPolicy, http => PerClient(http, streamPermits));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
