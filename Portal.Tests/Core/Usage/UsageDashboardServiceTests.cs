using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Home;
using Portal.Core.Features.Staff;
using Portal.Core.Features.Usage;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Usage;

public sealed class UsageDashboardServiceTests : IAsyncLifetime
{
    private const long Gb = 1L << 30;
    private readonly UsageHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private DateTimeOffset Now => _h.Clock.GetUtcNow();

    [Fact]
    public async Task SnapshotJob_PlanUsage_StoresLicenceSumsStorageAndDayBucket()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Main");
        _h.Zoom.Usage = () => new ZoomAccountUsage(
            [new ZoomPlanLicences("plan_base", "monthly", 100, 87, 3), new ZoomPlanLicences("plan_zoom_one", null, 50, 48, 0)],
            150, 135,
            new ZoomStorage("1tb", FakeUsageZoomClient.Size(5 * Gb), FakeUsageZoomClient.Size(1 * Gb), FakeUsageZoomClient.Size(1024 * Gb),
                FakeUsageZoomClient.Size(300 * Gb), FakeUsageZoomClient.Size(0), null),
            null, [], null);

        // Act
        var run = await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "schedule");

        // Assert
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        await using var db = _h.Db();
        var s = await db.UsageSnapshots.SingleAsync();
        Assert.Equal(150, s.LicencesPurchased);
        Assert.Equal(135, s.LicencesAssigned);
        Assert.Equal(1029 * Gb, s.StorageAllottedBytes);
        Assert.Equal(301 * Gb, s.StorageUsedBytes);
        Assert.Equal(new DateOnly(2026, 11, 25).DayNumber, s.DayBucket);
        Assert.Equal("Zoom users summary", s.UsersSource);
        Assert.Equal(87, s.UsersLicensed);
        Assert.Null(s.UsersActive);
        Assert.Contains("Active users", s.UnknownFigures);
        Assert.Contains("plan_zoom_one", s.PlansJson);
    }

    [Fact]
    public async Task SnapshotJob_FreeAndPlanStorage_KeptApartAndHistoryFilledFromZoomReport()
    {
        // Arrange: 5 GB of the 5 GB free allotment used, 72 GB of plan storage; Zoom's report has the two days before today
        var id = await _h.AddConnectionAsync("Main", "user:read:admin report:read:admin");
        _h.Zoom.Usage = () => new ZoomAccountUsage([new ZoomPlanLicences("plan_base", "monthly", 100, 87, 0)], 100, 87,
            new ZoomStorage("cmr_monthly_commitment_1tb", FakeUsageZoomClient.Size(5 * Gb), FakeUsageZoomClient.Size(5 * Gb),
                FakeUsageZoomClient.Size(1024 * Gb), FakeUsageZoomClient.Size(72 * Gb), FakeUsageZoomClient.Size(0), null),
            null, [], null);
        var today = new DateOnly(2026, 11, 25);
        _h.Zoom.StorageDays.Add(new ZoomStorageDay(today.AddDays(-2), FakeUsageZoomClient.Size(70 * Gb), FakeUsageZoomClient.Size(65 * Gb), FakeUsageZoomClient.Size(5 * Gb)));
        _h.Zoom.StorageDays.Add(new ZoomStorageDay(today.AddDays(-1), FakeUsageZoomClient.Size(71 * Gb), FakeUsageZoomClient.Size(66 * Gb), FakeUsageZoomClient.Size(5 * Gb)));

        // Act
        var run = await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "schedule");
        var dashboard = (await _h.Dashboards().GetDashboardAsync(id))!;

        // Assert
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        var storage = dashboard.Card.Storage;
        Assert.Equal(77 * Gb, storage.UsedBytes);
        Assert.Equal(5 * Gb, storage.FreeUsedBytes);
        Assert.Equal(72 * Gb, storage.PlanUsedBytes);
        Assert.Null(dashboard.Card.StorageHistoryProblem);
        Assert.Equal([today.AddDays(-2), today.AddDays(-1), today], dashboard.History.Select(p => p.Day));
        Assert.Equal([true, true, false], dashboard.History.Select(p => p.FromZoomReport));
        Assert.Equal(70 * Gb, dashboard.History[0].StorageUsedBytes);
        Assert.Null(dashboard.History[0].LicencesAssigned);
    }

    [Fact]
    public async Task SnapshotJob_ReportScopeNotGranted_HistoryProblemSaysWhy()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Main", "user:read:admin account:read:admin");

        // Act
        await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "schedule");
        var card = (await _h.Dashboards().GetDashboardAsync(id))!.Card;

        // Assert
        Assert.StartsWith("The history starts with the portal's own snapshots", card.StorageHistoryProblem);
        Assert.Contains("report:read:admin", card.StorageHistoryProblem);
    }

    [Fact]
    public async Task SnapshotJob_PlanUsageRefused_KeepsUnknownFiguresAndReason()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Free");
        _h.Zoom.Usage = () => new ZoomAccountUsage([], null, 12, null, new ZoomUsersSummary(12, 30, 1, 43, 0, 0, 0),
            ["Licences purchased", "Cloud recording storage"], "Only available for paid account");

        // Act
        await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "schedule");
        var card = (await _h.Dashboards().GetDashboardAsync(id))!.Card;

        // Assert
        Assert.Null(card.Licences.Purchased);
        Assert.Equal(12, card.Licences.Assigned);
        Assert.False(card.Storage.Known);
        Assert.Contains("Cloud recording storage", card.UnknownFigures);
        Assert.Equal("Only available for paid account", card.FallbackReason);
        Assert.Equal(0, _h.Zoom.SummaryCalls);
        Assert.Equal(UsageLevel.Unknown, card.StorageLevel);
    }

    [Fact]
    public async Task SnapshotJob_StaffSyncUsers_CountsTheLatestSyncByStatusAndType()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Synced");
        await using (var db = _h.Db())
        {
            void Add(long run, string email, int type, string status) => db.ZoomUserSnapshots.Add(new ZoomUserSnapshot
            {
                ConnectionId = id, SyncRunId = run, Email = email, NormalizedEmail = email, Type = type, Status = status, ZoomUserId = "z-" + email,
            });
            Add(1, "old@x.edu", 2, "active");
            Add(2, "a@x.edu", 2, "active");
            Add(2, "b@x.edu", 2, "Active");
            Add(2, "c@x.edu", 1, "active");
            Add(2, "d@x.edu", 1, "pending");
            Add(2, "e@x.edu", 99, "inactive");
            await db.SaveChangesAsync();
        }

        // Act
        await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "schedule");
        var users = (await _h.Dashboards().GetDashboardAsync(id))!.Card.Users;

        // Assert
        Assert.Equal(new UserFigures(3, 1, 1, 2, 2, 1, 5, "staff sync #2"), users);
        Assert.Equal(0, _h.Zoom.SummaryCalls);
    }

    [Fact]
    public async Task SnapshotJob_RefreshNow_ScansLargestConsumers()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Scan");
        _h.Zoom.Users.AddRange([User("u1", "big@x.edu", 2), User("u2", "small@x.edu", 2), User("u3", "basic@x.edu", 1)]);
        _h.Recordings.Meetings.AddRange([Meeting("m1", 1, "u1", "Essay review", 3 * Gb), Meeting("m2", 2, "u1", "Thesis", 5 * Gb), Meeting("m3", 3, "u2", "Short", Gb / 2)]);

        // Act
        await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "dana.director@writing.example.edu");
        var consumers = (await _h.Dashboards().GetDashboardAsync(id))!.Consumers;

        // Assert
        Assert.NotNull(consumers);
        Assert.Equal(["big@x.edu", "small@x.edu"], consumers.Users.Select(u => u.Email));
        Assert.Equal(8 * Gb, consumers.Users[0].Bytes);
        Assert.Equal("Thesis", consumers.Meetings[0].Topic);
        Assert.DoesNotContain("u3", _h.Recordings.ListedUsers);
    }

    [Fact]
    public async Task SnapshotJob_ScheduledAfterAScan_DoesNotScanAgain()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Scheduled");
        _h.Zoom.Users.Add(User("u1", "big@x.edu", 2));
        await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "schedule");

        // Act
        await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "schedule");

        // Assert
        Assert.Single(_h.Recordings.ListedUsers);
    }

    [Fact]
    public async Task GetHistoryAsync_HourlySnapshots_OneMaximumPerDayInRange()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("History");
        var other = await _h.AddConnectionAsync("Other");
        var start = Now.AddDays(-100);
        var snapshots = Enumerable.Range(0, 101 * 24).Select(i => start.AddHours(i)).Where(t => t <= Now)
            .Select(t => UsageSnapshotSamples.Create(id, t, 100, 50 + (int)(t - start).TotalDays, 1000 * Gb, (long)(t - start).TotalHours * Gb))
            .Append(UsageSnapshotSamples.Create(other, Now, 1, 1, 1, 999_999 * Gb))
            .ToArray();
        await _h.AddSnapshotsAsync(snapshots);

        // Act
        var d30 = await _h.Dashboards().GetHistoryAsync(id, 30);
        var d90 = await _h.Dashboards().GetHistoryAsync(id, 90);

        // Assert
        Assert.Equal(30, d30.Count);
        Assert.Equal(90, d90.Count);
        Assert.Equal(new DateOnly(2026, 11, 25), d30[^1].Day);
        Assert.Equal(new DateOnly(2026, 10, 27), d30[0].Day);
        var yesterday = d30[^2];
        Assert.Equal(24, yesterday.Snapshots);
        var lastHourYesterday = new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal((long)(lastHourYesterday - start).TotalHours * Gb, yesterday.StorageUsedBytes);
        Assert.All(d90, p => Assert.True(p.StorageUsedBytes < 999_999 * Gb));
    }

    [Fact]
    public async Task GetDashboardAsync_StorageOverCritical_RaisesCriticalAlertAndHomeAlert()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Full");
        await _h.AddSnapshotsAsync(UsageSnapshotSamples.Create(id, Now.AddMinutes(-10), 100, 50, 100 * Gb, 96 * Gb));

        // Act
        var card = (await _h.Dashboards().GetDashboardAsync(id))!.Card;
        var home = await _h.Provider.CreateScope().ServiceProvider.GetServices<IHomeAlertSource>().OfType<UsageHomeAlertSource>().Single()
            .GetAlertsAsync(_h.Actor, default);
        var teacherHome = await new UsageHomeAlertSource(_h.Dashboards())
            .GetAlertsAsync(new Actor("Terry", "dev-teacher", null, new HashSet<string> { Roles.Teacher }), default);

        // Assert
        Assert.Equal(UsageLevel.Critical, card.StorageLevel);
        Assert.Equal(UsageLevel.Ok, card.LicenceLevel);
        Assert.Equal(AlertSeverity.Critical, card.Alerts[0].Severity);
        Assert.Contains("96%", card.Alerts[0].Title);
        var alert = Assert.Single(home);
        Assert.StartsWith("Full: Recording storage 96% full", alert.Title);
        Assert.Equal($"/dashboards/{id}", alert.Link);
        Assert.Empty(teacherHome);
    }

    [Fact]
    public async Task GetDashboardAsync_FreeAllotmentFull_LevelFromPlanStorageAlone()
    {
        // Arrange: 100 GB plan + 100 GB free; Zoom fills the free allotment first, so 90 of the 190 GB used are on the plan:
        // 90% of the plan (a warning), though 95% of both added together would read as critical.
        var id = await _h.AddConnectionAsync("Plan apart");
        var snapshot = UsageSnapshotSamples.Create(id, Now.AddMinutes(-10), 100, 50, 200 * Gb, 190 * Gb);
        snapshot.StoragePlanBytes = 100 * Gb;
        snapshot.StorageFreeBytes = 100 * Gb;
        snapshot.StorageFreeUsedBytes = 100 * Gb;
        await _h.AddSnapshotsAsync(snapshot);

        // Act
        var card = (await _h.Dashboards().GetDashboardAsync(id))!.Card;

        // Assert
        Assert.Equal(UsageLevel.Warning, card.StorageLevel);
        var alert = Assert.Single(card.Alerts, a => a.Title.StartsWith("Recording storage", StringComparison.Ordinal));
        Assert.Equal("Recording storage 90% full.", alert.Title);
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Contains("90 GB used of 100 GB plan storage", alert.Detail);
        Assert.Contains("free storage: 100 GB used of 100 GB", alert.Detail);
    }

    [Fact]
    public async Task GetDashboardAsync_ConfiguredThresholds_AreUsed()
    {
        // Arrange
        await using var h = new UsageHarness(new Dictionary<string, string?> { ["Alerts:LicenceWarnPercent"] = "50", ["Alerts:LicenceCriticalPercent"] = "70" });
        var id = await h.AddConnectionAsync("Thresholds");
        await h.AddSnapshotsAsync(UsageSnapshotSamples.Create(id, h.Clock.GetUtcNow(), 100, 60, 100 * Gb, 10 * Gb));

        // Act
        var card = (await h.Dashboards().GetDashboardAsync(id))!.Card;

        // Assert
        Assert.Equal(UsageLevel.Warning, card.LicenceLevel);
        Assert.Contains(card.Alerts, a => a.Title == "Licences 60% assigned." && a.Severity == AlertSeverity.Warning);
    }

    [Fact]
    public async Task GetDashboardAsync_RisingStorage_ProjectsRunOutAndWarns()
    {
        // Arrange: 2 GB a day, 60 GB left
        var id = await _h.AddConnectionAsync("Rising");
        await _h.AddSnapshotsAsync(Enumerable.Range(0, 20)
            .Select(i => UsageSnapshotSamples.Create(id, Now.AddDays(i - 19), 100, 10, 100 * Gb, (2 + 2 * i) * Gb)).ToArray());

        // Act
        var card = (await _h.Dashboards().GetDashboardAsync(id))!.Card;

        // Assert
        Assert.Equal(new DateOnly(2026, 11, 25).AddDays(30), card.StorageProjection.RunsOutOn);
        Assert.Null(card.LicenceProjection.RunsOutOn);
        Assert.Contains(card.Alerts, a => a.Title.StartsWith("Storage runs out around 2026-12-25", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetDashboardAsync_FreedEstimates_PendingUntilTheNextSnapshot()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Cleanup");
        var estimates = _h.Get<IUsageEstimates>();
        await estimates.RecordFreedAsync(id, 5 * Gb);
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        await _h.AddSnapshotsAsync(UsageSnapshotSamples.Create(id, Now, 100, 10, 100 * Gb, 40 * Gb));
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        await estimates.RecordFreedAsync(id, 2 * Gb);
        await estimates.RecordFreedAsync(id, 1 * Gb);

        // Act
        var card = (await _h.Dashboards().GetDashboardAsync(id))!.Card;

        // Assert
        Assert.Equal(3 * Gb, card.PendingFreedBytes);
        Assert.Equal(37 * Gb, card.UsedAfterPendingBytes);
    }

    [Fact]
    public async Task GetDashboardAsync_MappingAndUsers_GivesLicenceNeedsAndReclaimCandidates()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Needs");
        var elsewhere = await _h.AddConnectionAsync("Elsewhere");
        await using (var db = _h.Db())
        {
            void Staff(string email, MappingStatus status, int connection, bool active = true) => db.StaffMembers.Add(new StaffMember
            {
                Name = email, Email = email, NormalizedEmail = email, Active = active, ConnectionId = connection, CreatedAt = Now, UpdatedAt = Now,
                Mapping = new StaffMapping { Status = status, ConnectionId = connection, CheckedAt = Now },
            });
            Staff("b1@x.edu", MappingStatus.Basic, id);
            Staff("b2@x.edu", MappingStatus.Basic, id);
            Staff("p@x.edu", MappingStatus.Pending, id);
            Staff("n@x.edu", MappingStatus.NotInZoom, id);
            Staff("r@x.edu", MappingStatus.Ready, id);
            Staff("gone@x.edu", MappingStatus.Basic, id, active: false);
            Staff("other@x.edu", MappingStatus.Basic, elsewhere);
            void User(string email, int type, string status, int? daysAgo) => db.ZoomUserSnapshots.Add(new ZoomUserSnapshot
            {
                ConnectionId = id, SyncRunId = 7, Email = email, NormalizedEmail = email, Type = type, Status = status,
                LastLoginAt = daysAgo is null ? null : Now.AddDays(-daysAgo.Value),
            });
            User("lee.longago@x.edu", 2, "active", 200);
            User("never@x.edu", 2, "active", null);
            User("recent@x.edu", 2, "active", 3);
            User("basic@x.edu", 1, "active", 300);
            User("off@x.edu", 2, "inactive", 300);
            await db.SaveChangesAsync();
        }

        // Act
        var d = (await _h.Dashboards().GetDashboardAsync(id))!;

        // Assert
        Assert.Equal(new LicenceNeeds(2, 1, 1), d.Needs);
        Assert.Equal(4, d.Needs.Total);
        Assert.Equal(2, d.Reclaim.Count);
        Assert.Equal($"/staff?filter=reclaim&connection={id}", d.Reclaim.Link);
    }

    [Fact]
    public async Task GetOverviewAsync_SeveralConnections_OneCardEachWithStaleMarker()
    {
        // Arrange
        var fresh = await _h.AddConnectionAsync("Fresh");
        var old = await _h.AddConnectionAsync("Old");
        var empty = await _h.AddConnectionAsync("Empty");
        await _h.AddSnapshotsAsync(UsageSnapshotSamples.Create(fresh, Now.AddMinutes(-30), 100, 10, 100 * Gb, 10 * Gb),
            UsageSnapshotSamples.Create(old, Now.AddHours(-5), 100, 10, 100 * Gb, 10 * Gb));

        // Act
        var cards = await _h.Dashboards().GetOverviewAsync();

        // Assert
        Assert.Equal(["Empty", "Fresh", "Old"], cards.Select(c => c.Name));
        Assert.False(cards.Single(c => c.ConnectionId == fresh).Stale);
        Assert.True(cards.Single(c => c.ConnectionId == old).Stale);
        Assert.False(cards.Single(c => c.ConnectionId == empty).HasSnapshot);
        Assert.Contains(cards.Single(c => c.ConnectionId == old).Alerts, a => a.Title == "Figures are out of date.");
    }

    [Fact]
    public async Task GetOverviewAsync_MoreConnections_SameCardsAsEachDashboardInTheSameNumberOfQueries()
    {
        // Arrange
        var estimates = _h.Get<IUsageEstimates>();
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _h.AddConnectionAsync($"Center {i}"));
        }
        await SeedVariedAsync(ids, estimates);
        var fewer = await CountCommandsAsync(() => _h.Dashboards().GetOverviewAsync());
        for (var i = 3; i < 7; i++)
        {
            ids.Add(await _h.AddConnectionAsync($"Center {i}"));
        }
        await SeedVariedAsync(ids.Skip(3).ToList(), estimates);

        // Act
        var more = await CountCommandsAsync(() => _h.Dashboards().GetOverviewAsync());
        var cards = await _h.Dashboards().GetOverviewAsync();

        // Assert
        Assert.InRange(fewer, 2, 8);
        Assert.Equal(fewer, more);
        Assert.Equal(ids.Count, cards.Count);
        foreach (var card in cards)
        {
            var alone = (await _h.Dashboards().GetDashboardAsync(card.ConnectionId))!.Card;
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(alone), System.Text.Json.JsonSerializer.Serialize(card));
        }
        Assert.Contains(cards, c => c.PendingFreedBytes > 0 && c.HasSnapshot);
        Assert.Contains(cards, c => c.PendingFreedBytes > 0 && !c.HasSnapshot);
    }

    /// <summary>Per connection a different mix: snapshots over several days, a snapshot job run, freed estimates before and after.</summary>
    private async Task SeedVariedAsync(IReadOnlyList<int> ids, IUsageEstimates estimates)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            await estimates.RecordFreedAsync(id, (i + 1) * Gb);
            if (i % 3 == 2)
            {
                continue;
            }
            await _h.AddSnapshotsAsync(Enumerable.Range(0, 5).Select(d =>
                UsageSnapshotSamples.Create(id, Now.AddDays(-d).AddHours(-i), 100, 50 + i * 10 - d, 100 * Gb, (40 + i * 5 - d) * Gb)).ToArray());
            if (i % 3 == 1)
            {
                await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, id, "schedule");
            }
            await estimates.RecordFreedAsync(id, 2 * Gb);
        }
    }

    /// <summary>SQL commands EF Core sends over this harness's connection while <paramref name="act"/> runs.</summary>
    private async Task<int> CountCommandsAsync(Func<Task> act)
    {
        await using var db = _h.Db();
        using var counter = new SqlCommandCounter(db.Database.GetConnectionString());
        await act();
        return counter.Count;
    }

    [Fact]
    public async Task GetDashboardAsync_Health_ReportsScopesRunsAndApiUse()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Health", "user:read:admin meeting:read:admin");
        var key = $"connection:{id}";
        Repeat(40, () => _h.CallStatistics.RecordCall(key, ZoomRateCategory.Light));
        Repeat(3, () => _h.CallStatistics.RecordCall(key, ZoomRateCategory.Heavy));
        Repeat(2, () => _h.CallStatistics.RecordCall(key, ZoomRateCategory.ResourceIntensive));
        Repeat(2, () => _h.CallStatistics.RecordTooManyRequests(key));
        _h.CallStatistics.RecordDailyLimitHit(key);
        _h.CallStatistics.RecordTokenRequest(key);
        await using (var db = _h.Db())
        {
            db.SyncRuns.Add(new SyncRun { ConnectionId = id, StartedAt = Now.AddHours(-2), EndedAt = Now.AddHours(-2), Succeeded = false, Error = "boom" });
            await db.SaveChangesAsync();
        }

        // Act
        var health = (await _h.Dashboards().GetDashboardAsync(id))!.Health;

        // Assert
        Assert.False(health.RequiredScopesMet);
        Assert.Contains(health.Scopes, s => s.Feature.StartsWith("Create and change meetings", StringComparison.Ordinal) && !s.Met && s.Required);
        Assert.False(health.LastSync!.Succeeded);
        Assert.Null(health.TokenWorks);
        Assert.Equal(40, health.ApiUse.Single(u => u.Category == ZoomRateCategory.Light).CallsToday);
        Assert.Equal(60000, health.ApiUse.Single(u => u.Category == ZoomRateCategory.Heavy).DailyLimit);
        Assert.Contains("5 used", health.ApiUse.Single(u => u.Category == ZoomRateCategory.Heavy).LimitText);
        Assert.Equal(2, health.TooManyRequestsToday);
        Assert.Equal(1, health.DailyLimitsHitToday);
    }

    [Fact]
    public async Task RefreshAsync_StartsTheJobAndAudits()
    {
        // Arrange
        var id = await _h.AddConnectionAsync("Refresh");
        var runner = _h.Get<IJobRunner>();
        var done = new TaskCompletionSource<LiveJobStatus>();
        runner.Changed += s => { if (!s.Running) done.TrySetResult(s); };

        // Act
        var runId = await _h.Dashboards().RefreshAsync(id);
        var finished = await done.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.NotNull(runId);
        Assert.Equal(JobOutcome.Succeeded, finished.Outcome);
        await using var db = _h.Db();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "usage.refresh");
        Assert.Equal($"connection:{id}", entry.Target);
        Assert.Equal("dana.director@writing.example.edu", entry.Actor);
    }

    private static void Repeat(int times, Action record)
    {
        for (var i = 0; i < times; i++)
        {
            record();
        }
    }

    private static ZoomUser User(string id, string email, int type) =>
        new(id, email, null, null, email, type, ZoomUserStatus.Active, "acc", UsageSamples.Now, null, null);

    private static ZoomRecordingMeeting Meeting(string uuid, long id, string hostId, string topic, long size) =>
        new(uuid, id, hostId, topic, UsageSamples.Now.AddDays(-3), 60, size, 1, null, []);
}
