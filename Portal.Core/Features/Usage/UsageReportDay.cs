namespace Portal.Core.Features.Usage;

/// <summary>One day of Zoom's cloud recording report (storage used at the end of the day), to fill the history before the portal's own snapshots.</summary>
public sealed class UsageReportDay
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }

    /// <summary>The report's day as <see cref="DateOnly.DayNumber"/>, like <see cref="UsageSnapshot.DayBucket"/>.</summary>
    public int Day { get; set; }

    public long? UsedBytes { get; set; }
    public long? PlanUsedBytes { get; set; }
    public long? FreeUsedBytes { get; set; }
    public DateTimeOffset FetchedAt { get; set; }
}
