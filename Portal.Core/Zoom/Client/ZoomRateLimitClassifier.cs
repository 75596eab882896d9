using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Portal.Core.Zoom;

/// <summary>What a 429 means: a per-second limit (wait and retry) or a daily one (stop until it resets).</summary>
internal sealed record ZoomRateLimitVerdict(bool Daily, TimeSpan? RetryAfter, DateTimeOffset? ResetsAt, string Message);

internal static class ZoomRateLimitClassifier
{
    public static async ValueTask<ZoomRateLimitVerdict> ClassifyAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken ct)
    {
        var body = "";
        if (response.Content is not null)
        {
            await response.Content.LoadIntoBufferAsync(ct);
            body = await response.Content.ReadAsStringAsync(ct);
        }
        var type = Header(response, "X-RateLimit-Type");
        return Classify(type, Header(response, "Retry-After"), body, now);
    }

    public static ZoomRateLimitVerdict Classify(string? rateLimitType, string? retryAfter, string body, DateTimeOffset now)
    {
        string message;
        using (var doc = ZoomJson.TryParse(body))
        {
            message = doc?.RootElement is { ValueKind: JsonValueKind.Object } r ? r.Str("message") ?? "" : "";
        }
        var after = ParseRetryAfter(retryAfter, now);
        bool daily;
        if (rateLimitType is not null && rateLimitType.Contains("daily", StringComparison.OrdinalIgnoreCase))
        {
            daily = true;
        }
        else if (rateLimitType is not null && rateLimitType.Contains("QPS", StringComparison.OrdinalIgnoreCase))
        {
            daily = false;
        }
        else
        {
            // Per-host meeting create/update limits come without headers; the body says "daily".
            daily = message.Contains("daily", StringComparison.OrdinalIgnoreCase);
        }
        DateTimeOffset? resetsAt = daily
            ? (after is { } a && a > TimeSpan.Zero ? now + a : NextUtcMidnight(now))
            : (after is { } b ? now + b : null);
        return new ZoomRateLimitVerdict(daily, after, resetsAt, message);
    }

    /// <summary>Retry-After as seconds or as a date (ISO 8601 or HTTP date).</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            var delta = date - now;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }
        return null;
    }

    public static DateTimeOffset NextUtcMidnight(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Date.AddDays(1), TimeSpan.Zero);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public static bool IsTooManyRequests(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.TooManyRequests;
}
