namespace Portal.Core.Features.Usage;

public sealed class UsageSnapshot
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public DateTimeOffset TakenAt { get; set; }

    public int? LicencesPurchased { get; set; }
    public int? LicencesAssigned { get; set; }

    /// <summary>Per-plan licence figures as JSON (plan name to purchased/assigned).</summary>
    public string PlansJson { get; set; } = "[]";

    public int UsersActive { get; set; }
    public int UsersPending { get; set; }
    public int UsersInactive { get; set; }
    public int UsersLicensed { get; set; }
    public int UsersBasic { get; set; }

    public long? StoragePlanBytes { get; set; }
    public long? StorageFreeBytes { get; set; }
    public long? StorageUsedBytes { get; set; }
    public bool StorageUnlimited { get; set; }
    public long? StorageOverageBytes { get; set; }

    /// <summary>Which figures Zoom would not give (plan usage refused): comma-separated names.</summary>
    public string UnknownFigures { get; set; } = "";
}
