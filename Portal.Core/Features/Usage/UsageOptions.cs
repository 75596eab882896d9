using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Features.Usage;

/// <summary>Dashboard thresholds (<c>Alerts:*</c>), percent of the allotment.</summary>
public sealed class UsageAlertOptions
{
    public const string Section = "Alerts";

    [Range(1, 1000)] public int StorageWarnPercent { get; set; } = 80;
    [Range(1, 1000)] public int StorageCriticalPercent { get; set; } = 95;
    [Range(1, 1000)] public int LicenceWarnPercent { get; set; } = 80;
    [Range(1, 1000)] public int LicenceCriticalPercent { get; set; } = 95;

    /// <summary>A projection that runs out within this many days raises a warning.</summary>
    [Range(1, 3650)] public int ProjectionWarnDays { get; set; } = 30;
}

/// <summary>Dashboard behaviour (<c>Dashboards:*</c>).</summary>
public sealed class UsageDashboardOptions
{
    public const string Section = "Dashboards";

    /// <summary>Snapshots older than this are marked stale.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")] public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Licensed users without a sign-in for this many days are reclaim candidates.</summary>
    [Range(1, 3650)] public int ReclaimAfterDays { get; set; } = 90;

    /// <summary>How many users a recordings scan ("Refresh now") looks at, and over how many days.</summary>
    [Range(0, 1000)] public int ConsumerScanUsers { get; set; } = 20;
    [Range(1, 180)] public int ConsumerScanDays { get; set; } = 30;

    /// <summary>The Zoom plan whose API limits apply: Free, Pro or Business (Business, Education, Enterprise).</summary>
    [EnumDataType(typeof(ZoomApiPlan))] public ZoomApiPlan ZoomApiPlan { get; set; } = ZoomApiPlan.Business;
}

public enum ZoomApiPlan
{
    Free = 0,
    Pro = 1,
    Business = 2,
}
