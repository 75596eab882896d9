namespace Portal.Core.Features.SessionRecordings;

/// <summary>The rules of a publication's time: how long it may last, and whether it is on at a moment.</summary>
public static class PublishWindow
{
    public static bool IsPublished(DateTimeOffset? until, DateTimeOffset now) => until is { } u && u > now;

    /// <summary>The end of a publication starting now for <paramref name="duration"/> (the default when null), or why it cannot last that long.</summary>
    public static (DateTimeOffset? Until, string? Refusal) Until(DateTimeOffset now, TimeSpan? duration, RecordingPublishOptions options)
    {
        var length = duration ?? options.RecordingPublishDefault;
        if (length <= TimeSpan.Zero)
        {
            return (null, "Choose how long the recording stays published.");
        }
        if (length > options.RecordingPublishMax)
        {
            return (null, $"A recording can be published for at most {Describe(options.RecordingPublishMax)}.");
        }
        return (now + length, null);
    }

    /// <summary>"14 days", "1 day", "12 hours": a configured time in words.</summary>
    public static string Describe(TimeSpan t) => t.TotalDays >= 1 && t.Ticks % TimeSpan.TicksPerDay == 0
        ? $"{(int)t.TotalDays} day{((int)t.TotalDays == 1 ? "" : "s")}"
        : $"{(int)t.TotalHours} hour{((int)t.TotalHours == 1 ? "" : "s")}";
}
