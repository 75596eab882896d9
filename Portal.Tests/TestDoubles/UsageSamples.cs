using Portal.Core.Features.Home;
using Portal.Core.Features.Usage;
using Portal.Core.Zoom;

namespace Portal.Tests.TestDoubles;

/// <summary>Ready-made dashboard models for component tests.</summary>
public static class UsageSamples
{
    public const long Gb = 1L << 30;
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);

    public static UsageCard Card(int id = 1, string name = "Main campus", bool stale = false, long usedGb = 300, long allottedGb = 1024,
        int purchased = 100, int assigned = 87, IReadOnlyList<HomeAlert>? alerts = null, bool healthy = true) => new(
        id, name, false, stale ? Now.AddHours(-6) : Now.AddMinutes(-20), stale,
        new LicenceFigures([], purchased, assigned),
        new StorageFigures("cloud_recording_1tb", allottedGb * Gb, 0, allottedGb * Gb, usedGb * Gb, false, 0),
        new UserFigures(120, 3, 5, assigned, 40, 1, 128, "staff sync #4"),
        [], null, 0,
        new Projection(new DateOnly(2027, 3, 1), 5.0 * Gb, "Rising by 5 GB a day: runs out around 2027-03-01."),
        new Projection(null, 0, "Not rising at the current trend."),
        Levels(100.0 * usedGb / allottedGb, 80, 95), Levels(100.0 * assigned / purchased, 80, 95),
        healthy ? new Portal.Core.Features.Connections.ConnectionHealthReport(Portal.Core.Features.Connections.HealthState.Healthy, "Zoom accepts the credentials and every feature is on.")
            : new Portal.Core.Features.Connections.ConnectionHealthReport(Portal.Core.Features.Connections.HealthState.Failing, "The hourly usage snapshot failed: boom"),
        alerts ?? []);

    public static UsageLevel Levels(double percent, int warn, int critical) =>
        percent >= critical ? UsageLevel.Critical : percent >= warn ? UsageLevel.Warning : UsageLevel.Ok;

    public static UsageDashboard Dashboard(UsageCard? card = null, UsageConsumers? consumers = null)
    {
        card ??= Card();
        var history = Enumerable.Range(0, 90).Select(i => new UsageDayPoint(new DateOnly(2026, 11, 25).AddDays(i - 89), 100, 60 + i / 3,
            1024 * Gb, (100 + 2 * i) * Gb, 110, 24)).ToList();
        var health = new ConnectionHealth(true, "Worked at the last refresh (2026-11-25 09:10 UTC).", Now.AddDays(-1),
            ZoomScopes.Needs.Select((n, i) => new ScopeCheck(n.Feature, n.Required, i != 7)).ToList(),
            new LastRun(Now.AddHours(-8), Now.AddHours(-8), true, null, null),
            new LastRun(Now.AddMinutes(-20), Now.AddMinutes(-19), true, "Licences 87/100", null),
            null, null, ZoomApiPlan.Business,
            ZoomApiLimits.Evaluate(ZoomApiPlan.Business, new Dictionary<ZoomRateCategory, int> { [ZoomRateCategory.Light] = 120, [ZoomRateCategory.Heavy] = 24 }),
            0, 0, 3);
        return new UsageDashboard(card,
            [new PlanLicenceFigures("plan_base", "monthly", 80, 70, 0), new PlanLicenceFigures("plan_zoom_one", null, 20, 17, 0)],
            new LicenceNeeds(2, 1, 1), new ReclaimCandidates(4, 90, "/staff?filter=reclaim"), history, health, consumers);
    }

    public static UsageConsumers Consumers() => new(Now.AddMinutes(-20), 20, 30, "the 20 most recently active licensed users of the last staff sync",
        [new ConsumerUser("u1", "terry.teacher@writing.example.edu", "Terry Teacher", 42 * Gb, 12)],
        [new ConsumerMeeting("m1", 123, "Thesis consultation", "terry.teacher@writing.example.edu", Now.AddDays(-3), 6 * Gb)], null);
}
