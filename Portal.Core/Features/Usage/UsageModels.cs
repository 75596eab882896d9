using Portal.Core.Features.Connections;
using Portal.Core.Features.Home;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Usage;

public enum UsageLevel
{
    Unknown = 0,
    Ok = 1,
    Warning = 2,
    Critical = 3,
}

public sealed record PlanLicenceFigures(string Plan, string? Type, int Purchased, int Assigned, int? Pending)
{
    public int Free => Math.Max(0, Purchased - Assigned);
}

public sealed record LicenceFigures(IReadOnlyList<PlanLicenceFigures> Plans, int? Purchased, int? Assigned)
{
    public int? Free => Purchased is { } p && Assigned is { } a ? Math.Max(0, p - a) : null;
    public double? Percent => Purchased is > 0 && Assigned is { } a ? 100.0 * a / Purchased.Value : null;
}

public sealed record StorageFigures(string? PlanType, long? PlanBytes, long? FreeBytes, long? AllottedBytes, long? UsedBytes,
    bool Unlimited, long? OverageBytes)
{
    /// <summary>Derived by the portal (allotment minus use): Zoom does not report it.</summary>
    public long? RemainingBytesDerived => AllottedBytes is { } a && UsedBytes is { } u ? Math.Max(0, a - u) : null;

    public double? Percent => AllottedBytes is > 0 && UsedBytes is { } u ? 100.0 * u / AllottedBytes.Value : null;

    public bool Known => UsedBytes is not null || Unlimited;

    /// <summary>The part of the used space Zoom counts against the free allotment; null when not known (older snapshots).</summary>
    public long? FreeUsedBytes { get; init; }

    /// <summary>The part of the used space Zoom counts against the plan's storage.</summary>
    public long? PlanUsedBytes => UsedBytes is { } u && FreeUsedBytes is { } f ? Math.Max(0, u - f) : null;

    public double? PlanPercent => PlanBytes is > 0 && PlanUsedBytes is { } u ? 100.0 * u / PlanBytes.Value : null;

    public double? FreePercent => FreeBytes is > 0 && FreeUsedBytes is { } u ? 100.0 * u / FreeBytes.Value : null;

    /// <summary>
    /// What the alert level reads: the plan's storage on its own. Only a snapshot that does not say how much of the free allotment
    /// is used (older ones) falls back to plan and free storage together.
    /// </summary>
    public double? AlertPercent => PlanPercent ?? Percent;
}

public sealed record UserFigures(int? Active, int? Pending, int? Inactive, int? Licensed, int? Basic, int? Other, int? Total, string Source);

public sealed record ConsumerUser(string? ZoomUserId, string Email, string Name, long Bytes, int Meetings);

public sealed record ConsumerMeeting(string Uuid, long MeetingId, string Topic, string HostEmail, DateTimeOffset StartTime, long Bytes);

/// <summary>The result of a recordings scan: the biggest users and meetings among the users looked at.</summary>
public sealed record UsageConsumers(DateTimeOffset ScannedAt, int UsersScanned, int Days, string Basis,
    IReadOnlyList<ConsumerUser> Users, IReadOnlyList<ConsumerMeeting> Meetings, string? Problem);

/// <summary>Staff on this connection who would need a licence (from the mapping audit).</summary>
public sealed record LicenceNeeds(int Basic, int Pending, int NotInZoom)
{
    public int Total => Basic + Pending + NotInZoom;
}

/// <summary>Licensed users without a sign-in for <see cref="Days"/> days; null count when no staff sync has listed users yet.</summary>
public sealed record ReclaimCandidates(int? Count, int Days, string Link);

/// <summary>The key figures and alerts of one connection: one card on the overview, the header of its dashboard.</summary>
public sealed record UsageCard(
    int ConnectionId,
    string Name,
    bool Disabled,
    DateTimeOffset? AsOf,
    bool Stale,
    LicenceFigures Licences,
    StorageFigures Storage,
    UserFigures Users,
    IReadOnlyList<string> UnknownFigures,
    string? FallbackReason,
    long PendingFreedBytes,
    Projection StorageProjection,
    Projection LicenceProjection,
    UsageLevel StorageLevel,
    UsageLevel LicenceLevel,
    ConnectionHealthReport Health,
    IReadOnlyList<HomeAlert> Alerts)
{
    public bool HasSnapshot => AsOf is not null;

    /// <summary>Why the dashboards are switched off for this connection (its Zoom permissions cover one user only); null when they work.</summary>
    public string? SwitchedOffReason { get; init; }

    /// <summary>Why the storage history before the portal's first snapshot is not filled from Zoom's report; null when it is.</summary>
    public string? StorageHistoryProblem { get; init; }

    /// <summary>Used storage once the pending clean-up estimates are confirmed (an estimate).</summary>
    public long? UsedAfterPendingBytes => Storage.UsedBytes is { } u && PendingFreedBytes > 0 ? Math.Max(0, u - PendingFreedBytes) : null;
}

public sealed record UsageDayPoint(DateOnly Day, int? LicencesPurchased, int? LicencesAssigned, long? StorageAllottedBytes, long? StorageUsedBytes,
    int? UsersActive, int Snapshots)
{
    /// <summary>The day came from Zoom's cloud recording report (storage used only), not from the portal's snapshots.</summary>
    public bool FromZoomReport { get; init; }
}

public sealed record ScopeCheck(string Feature, bool Required, bool Met);

public sealed record LastRun(DateTimeOffset StartedAt, DateTimeOffset? EndedAt, bool? Succeeded, string? Summary, string? Error);

public sealed record ConnectionHealth(
    bool? TokenWorks,
    string TokenText,
    DateTimeOffset? LastVerifiedAt,
    IReadOnlyList<ScopeCheck> Scopes,
    LastRun? LastSync,
    LastRun? LastSnapshotRun,
    string? LastZoomError,
    DateTimeOffset? LastZoomErrorAt,
    ZoomApiPlan Plan,
    IReadOnlyList<ApiCategoryUse> ApiUse,
    int TooManyRequestsToday,
    int DailyLimitsHitToday,
    int TokenRequestsToday)
{
    public bool ScopesComplete => Scopes.All(s => s.Met);
    public bool RequiredScopesMet => Scopes.Where(s => s.Required).All(s => s.Met);
}

public sealed record UsageDashboard(
    UsageCard Card,
    IReadOnlyList<PlanLicenceFigures> Plans,
    LicenceNeeds Needs,
    ReclaimCandidates Reclaim,
    IReadOnlyList<UsageDayPoint> History,
    ConnectionHealth Health,
    UsageConsumers? Consumers);

internal static class UsageLevels
{
    public static UsageLevel Of(double? percent, int warn, int critical) => percent switch
    {
        null => UsageLevel.Unknown,
        var p when p >= critical => UsageLevel.Critical,
        var p when p >= warn => UsageLevel.Warning,
        _ => UsageLevel.Ok,
    };
}

/// <summary>Licence totals over Zoom's plans: only meeting-host plans count, add-ons (webinar, rooms...) do not.</summary>
public static class LicenceMath
{
    private static readonly string[] s_addOns = ["webinar", "large_meeting", "largemeeting", "room", "event", "recording", "phone", "whiteboard"];

    public static bool IsHostPlan(string plan)
    {
        var p = plan.ToLowerInvariant().Replace(" ", "_", StringComparison.Ordinal).Replace("-", "_", StringComparison.Ordinal);
        return !s_addOns.Any(a => p.Contains(a, StringComparison.Ordinal));
    }

    public static LicenceFigures Sum(IReadOnlyList<PlanLicenceFigures> plans, int? purchasedFallback = null, int? assignedFallback = null)
    {
        var host = plans.Where(p => IsHostPlan(p.Plan)).ToList();
        return host.Count == 0
            ? new LicenceFigures(plans, purchasedFallback, assignedFallback)
            : new LicenceFigures(plans, host.Sum(p => p.Purchased), host.Sum(p => p.Assigned));
    }

    public static IReadOnlyList<PlanLicenceFigures> FromZoom(IEnumerable<ZoomPlanLicences> plans) =>
        plans.Select(p => new PlanLicenceFigures(p.Plan, p.Type, p.Purchased, p.Assigned, p.Pending)).ToList();
}
