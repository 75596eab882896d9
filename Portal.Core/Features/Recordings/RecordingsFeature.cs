using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Features.Recordings;

public static class RecordingsFeature
{
    public const string SharedPagePolicy = "recordings-shared-page";
    public const string SharedStreamPolicy = "recordings-shared-stream";

    public static IServiceCollection AddRecordingsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordingsOptions>().Bind(configuration.GetSection(RecordingsOptions.Section));
        services.AddMemoryCache();
        services.AddScoped<RecordingAccess>();
        services.AddScoped<RecordingService>();
        services.AddScoped<IRecordingService>(sp => sp.GetRequiredService<RecordingService>());
        services.AddScoped<IRecordingShareService, RecordingShareService>();
        services.AddScoped<IRecordingCleanupService, RecordingCleanupService>();
        services.TryAddScoped<IFreedStorageReporter, UsageFreedStorageReporter>();

        var section = configuration.GetSection(RecordingsOptions.Section);
        var pagePermits = section.GetValue(nameof(RecordingsOptions.SharedPagePermitsPerMinute), new RecordingsOptions().SharedPagePermitsPerMinute);
        var streamPermits = section.GetValue(nameof(RecordingsOptions.SharedStreamPermitsPerMinute), new RecordingsOptions().SharedStreamPermitsPerMinute);
        services.AddRateLimiter(o =>
        {
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
