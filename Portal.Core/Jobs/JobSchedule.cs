using System.Globalization;

namespace Portal.Core.Jobs;

/// <summary>"off", an interval ("01:00:00") or a daily UTC time ("daily 02:00").</summary>
public sealed record JobSchedule(TimeSpan? Interval, TimeOnly? DailyAtUtc)
{
    public static readonly JobSchedule Off = new(null, null);

    public bool IsOff => Interval is null && DailyAtUtc is null;

    public static JobSchedule Parse(string text)
    {
        var t = text.Trim();
        if (t.Equals("off", StringComparison.OrdinalIgnoreCase) || t.Length == 0)
        {
            return Off;
        }
        if (t.StartsWith("daily", StringComparison.OrdinalIgnoreCase)
            && TimeOnly.TryParseExact(t[5..].Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return new JobSchedule(null, at);
        }
        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var every) && every > TimeSpan.Zero)
        {
            return new JobSchedule(every, null);
        }
        throw new FormatException($"Job schedule '{text}' is not 'off', an interval such as '01:00:00' or 'daily HH:mm'.");
    }

    public override string ToString() => this switch
    {
        { Interval: { } every } => every switch
        {
            { TotalDays: >= 1 } when every.TotalDays % 1 == 0 => every.TotalDays == 1 ? "every day" : $"every {every.TotalDays:0} days",
            { TotalHours: >= 1 } when every.TotalHours % 1 == 0 => every.TotalHours == 1 ? "every hour" : $"every {every.TotalHours:0} hours",
            { TotalMinutes: >= 1 } when every.TotalMinutes % 1 == 0 => every.TotalMinutes == 1 ? "every minute" : $"every {every.TotalMinutes:0} minutes",
            _ => $"every {every.ToString("c", CultureInfo.InvariantCulture)}",
        },
        { DailyAtUtc: { } at } => $"daily at {at.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC",
        _ => "off",
    };

    public DateTimeOffset? NextAfter(DateTimeOffset last)
    {
        if (Interval is { } every)
        {
            return last + every;
        }
        if (DailyAtUtc is { } at)
        {
            var candidate = new DateTimeOffset(DateOnly.FromDateTime(last.UtcDateTime).ToDateTime(at), TimeSpan.Zero);
            return candidate > last ? candidate : candidate.AddDays(1);
        }
        return null;
    }
}
