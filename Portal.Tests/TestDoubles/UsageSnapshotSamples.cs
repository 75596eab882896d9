using Portal.Core.Features.Usage;

namespace Portal.Tests.TestDoubles;

/// <summary>A plausible usage snapshot from a few figures. Also compiled into Portal.Benchmarks (a linked file).</summary>
public static class UsageSnapshotSamples
{
    public static UsageSnapshot Create(int connectionId, DateTimeOffset at, int purchased, int assigned, long allotted, long used) => new()
    {
        ConnectionId = connectionId, TakenAt = at, DayBucket = DateOnly.FromDateTime(at.UtcDateTime).DayNumber,
        LicencesPurchased = purchased, LicencesAssigned = assigned,
        PlansJson = $$"""[{"plan":"plan_base","type":"monthly","purchased":{{purchased}},"assigned":{{assigned}},"pending":0}]""",
        UsersActive = assigned + 10, UsersPending = 2, UsersInactive = 1, UsersLicensed = assigned, UsersBasic = 10, UsersOther = 0,
        UsersTotal = assigned + 13, UsersSource = "staff sync #1",
        StoragePlanBytes = allotted, StorageFreeBytes = 0, StorageAllottedBytes = allotted, StorageUsedBytes = used, StorageOverageBytes = 0,
    };
}
