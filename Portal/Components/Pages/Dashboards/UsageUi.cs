using System.Globalization;
using MudBlazor;
using Portal.Core.Features.Usage;
using Portal.Core.Text;

namespace Portal.Components.Pages.Dashboards;

/// <summary>Small display helpers shared by the dashboard components.</summary>
public static class UsageUi
{
    public const string Unknown = "unknown";

    public static Color ColorOf(UsageLevel level) => level switch
    {
        UsageLevel.Critical => Color.Error,
        UsageLevel.Warning => Color.Warning,
        UsageLevel.Ok => Color.Success,
        _ => Color.Default,
    };

    public static string LevelText(UsageLevel level) => level switch
    {
        UsageLevel.Critical => "critical",
        UsageLevel.Warning => "warning",
        UsageLevel.Ok => "ok",
        _ => "unknown",
    };

    public static string Count(int? n) => n?.ToString("N0", CultureInfo.InvariantCulture) ?? Unknown;

    public static string Percent(double? p) => p is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + "%" : Unknown;

    public static string Size(long? bytes) => ByteSize.Format(bytes, Unknown);

    /// <summary>Used space as Zoom shows it, with the plan's storage and the free allotment each against its own usage.</summary>
    public static string StorageLine(StorageFigures s)
    {
        if (s.Unlimited)
        {
            return $"{Size(s.UsedBytes)} used of unlimited storage";
        }
        if (s.PlanUsedBytes is { } planUsed)
        {
            return $"{Size(s.UsedBytes)} used · plan storage {Size(planUsed)} of {Size(s.PlanBytes)}"
                + (s.FreeBytes is > 0 ? $" · free storage {Size(s.FreeUsedBytes)} of {Size(s.FreeBytes)}" : "");
        }
        return $"{Size(s.UsedBytes)} used of {Size(s.PlanBytes)} plan storage" + (s.FreeBytes is > 0 ? $" and {Size(s.FreeBytes)} free storage" : "");
    }

    /// <summary>The alert thresholds in one sentence: "Warnings at 80% and critical at 95% (storage and licences)."</summary>
    public static string Thresholds(UsageAlertOptions o) =>
        o.StorageWarnPercent == o.LicenceWarnPercent && o.StorageCriticalPercent == o.LicenceCriticalPercent
            ? $"Warnings at {o.StorageWarnPercent}% and critical at {o.StorageCriticalPercent}% (storage and licences)."
            : $"Storage: warning at {o.StorageWarnPercent}% and critical at {o.StorageCriticalPercent}%. "
              + $"Licences: warning at {o.LicenceWarnPercent}% and critical at {o.LicenceCriticalPercent}%.";

    public static string When(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "never";

    public static string Age(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h ago"
            : $"{Plural.Of((int)age.TotalDays, "day")} ago";
    }

    /// <summary>A progress bar value clamped to 0..100 (overage shows a full bar).</summary>
    public static double Bar(double? percent) => Math.Clamp(percent ?? 0, 0, 100);

    public static double Gigabytes(long bytes) => Math.Round(bytes / (double)(1L << 30), 2);
}
