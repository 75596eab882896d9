using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace Portal.Core.Zoom;

/// <summary>
/// The API client's one resilience pipeline (no circuit breaker: a 429 says "slow down", not "Zoom is down").
/// Outer to inner: total timeout, retry (per-second 429s; 5xx and timeouts only for idempotent methods),
/// per-connection pacing per rate category, per-attempt timeout.
/// </summary>
internal static class ZoomResilience
{
    public const string PipelineName = "zoom";

    private static readonly ResiliencePropertyKey<ZoomRateLimitVerdict> VerdictKey = new("Zoom.RateLimitVerdict");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ZoomOptions>>().Value;
        var pacer = services.GetRequiredService<ZoomPacer>();
        var time = services.GetRequiredService<TimeProvider>();
        var maxAttempts = Math.Max(options.MaxRetries, options.MaxRateLimitRetries);

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "zoom-total", Timeout = TotalTimeout(options) });
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            Name = "zoom-retry",
            MaxRetryAttempts = Math.Max(1, maxAttempts),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldHandle = args => ShouldRetryAsync(args, options, time),
            DelayGenerator = args => ValueTask.FromResult(
                args.Context.Properties.TryGetValue(VerdictKey, out var verdict) && verdict.RetryAfter is { } after
                    ? (TimeSpan?)Clamp(after, options.MaxRetryAfter)
                    : null),
        });
        pipeline.AddRateLimiter(new HttpRateLimiterStrategyOptions
        {
            Name = "zoom-pacing",
            RateLimiter = args => pacer.AcquireAsync(args.Context.GetRequestMessage(), args.Context.CancellationToken),
        });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "zoom-attempt", Timeout = options.RequestTimeout });
    }

    public static TimeSpan TotalTimeout(ZoomOptions options) =>
        options.RequestTimeout * (options.MaxRetries + 1) + options.MaxRetryAfter * options.MaxRateLimitRetries + TimeSpan.FromSeconds(30);

    private static TimeSpan Clamp(TimeSpan value, TimeSpan max) => value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;

    private static async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args, ZoomOptions options, TimeProvider time)
    {
        args.Context.Properties.Set(VerdictKey, null!);
        var request = args.Context.GetRequestMessage();
        var idempotent = request?.IsIdempotent() ?? false;
        if (args.Outcome.Exception is { } ex)
        {
            var transient = ex is TimeoutRejectedException or HttpRequestException
                || (ex is OperationCanceledException && !args.Context.CancellationToken.IsCancellationRequested);
            return transient && idempotent && args.AttemptNumber < options.MaxRetries;
        }
        var response = args.Outcome.Result;
        if (response is null)
        {
            return false;
        }
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var verdict = await ZoomRateLimitClassifier.ClassifyAsync(response, time.GetUtcNow(), args.Context.CancellationToken);
            args.Context.Properties.Set(VerdictKey, verdict);
            return !verdict.Daily && args.AttemptNumber < options.MaxRateLimitRetries;
        }
        var status = (int)response.StatusCode;
        return status is 500 or 502 or 503 or 504 && idempotent && args.AttemptNumber < options.MaxRetries;
    }
}

/// <summary>
/// Spaces a connection's calls of one category evenly at the configured requests per second (a virtual schedule:
/// each caller reserves the next slot and waits for it), so bulk work stays under Zoom's per-second limits.
/// </summary>
internal sealed class ZoomPacer(IOptions<ZoomOptions> options, TimeProvider time)
{
    private readonly ZoomRateLimitOptions _rates = options.Value.RateLimits;
    private readonly ConcurrentDictionary<(string, ZoomRateCategory), Schedule> _schedules = new();

    private sealed class Schedule
    {
        public readonly Lock Gate = new();
        public long NextTimestamp;
    }

    public double RateOf(ZoomRateCategory category) => category switch
    {
        ZoomRateCategory.Light => _rates.Light,
        ZoomRateCategory.Medium => _rates.Medium,
        ZoomRateCategory.Heavy => _rates.Heavy,
        // Resource-intensive is 10-20 per minute on paid plans.
        _ => Math.Min(_rates.Heavy, 10.0 / 60),
    };

    public async ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage? request, CancellationToken ct)
    {
        if (request?.GetTarget() is { } target && request.GetCategory() is { } category)
        {
            var wait = Reserve(target.Key, category);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, ct);
            }
        }
        return PacedLease.Instance;
    }

    internal TimeSpan Reserve(string key, ZoomRateCategory category)
    {
        var schedule = _schedules.GetOrAdd((key, category), _ => new Schedule());
        var interval = (long)(time.TimestampFrequency / RateOf(category));
        var now = time.GetTimestamp();
        long slot;
        lock (schedule.Gate)
        {
            slot = Math.Max(now, schedule.NextTimestamp);
            schedule.NextTimestamp = slot + interval;
        }
        return slot > now ? TimeSpan.FromSeconds((slot - now) / (double)time.TimestampFrequency) : TimeSpan.Zero;
    }

    private sealed class PacedLease : RateLimitLease
    {
        public static readonly PacedLease Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
