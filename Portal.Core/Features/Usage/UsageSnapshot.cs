namespace Portal.Core.Features.Usage;

public sealed class UsageSnapshot
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public DateTimeOffset TakenAt { get; set; }

    /// <summary>UTC day of <see cref="TakenAt"/> as <see cref="DateOnly.DayNumber"/>: history is grouped on it in the database.</summary>
    public int DayBucket { get; set; }

    public int? LicencesPurchased { get; set; }
    public int? LicencesAssigned { get; set; }

    /// <summary>Per-plan licence figures as JSON (<see cref="PlanLicenceFigures"/>[]).</summary>
    public string PlansJson { get; set; } = "[]";

    /// <summary>Null when the source could not tell (the users summary has no active/inactive split).</summary>
    public int? UsersActive { get; set; }
    public int? UsersPending { get; set; }
    public int? UsersInactive { get; set; }
    public int? UsersLicensed { get; set; }
    public int? UsersBasic { get; set; }

    /// <summary>Users of other types (unassigned, none, rooms...).</summary>
    public int? UsersOther { get; set; }
    public int? UsersTotal { get; set; }

    /// <summary>Where the user counts came from: the staff sync's user list or Zoom's users summary.</summary>
    public string UsersSource { get; set; } = "";

    public string? StoragePlanType { get; set; }
    public long? StoragePlanBytes { get; set; }
    public long? StorageFreeBytes { get; set; }

    /// <summary>Plan plus free allotment; null when unlimited or unknown.</summary>
    public long? StorageAllottedBytes { get; set; }
    public long? StorageUsedBytes { get; set; }

    /// <summary>The part of <see cref="StorageUsedBytes"/> taken from the free allotment (the rest is plan storage); null in older snapshots.</summary>
    public long? StorageFreeUsedBytes { get; set; }
    public bool StorageUnlimited { get; set; }
    public long? StorageOverageBytes { get; set; }

    /// <summary>Which figures Zoom would not give (plan usage refused): names separated by ';'.</summary>
    public string UnknownFigures { get; set; } = "";

    public string? FallbackReason { get; set; }

    /// <summary>Why the storage history could not be filled from Zoom's cloud recording report at this refresh; null when it could.</summary>
    public string? StorageHistoryProblem { get; set; }

    /// <summary>The largest recording consumers found by a recordings scan (<see cref="UsageConsumers"/> as JSON), when one ran.</summary>
    public string? ConsumersJson { get; set; }
}
