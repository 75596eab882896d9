using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Portal.Components.Pages.Dashboards;
using Portal.Core.Features.Home;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Dashboards;

public sealed class DashboardComponentTests : PortalComponentTest
{
    private readonly StubDashboards _dashboards = new();
    private readonly FakeJobRunner _jobs = new();

    public DashboardComponentTests()
    {
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(UsageSamples.Now));
        Services.AddSingleton<IUsageDashboardService>(_dashboards);
        Services.AddSingleton<IJobRunner>(_jobs);
        Services.AddSingleton(Options.Create(new UsageAlertOptions()));
    }

    [Fact]
    public void UsageCardView_KeyFigures_ShowsLicencesStorageUsersAndOutlook()
    {
        // Act
        var cut = Render<UsageCardView>(p => p.Add(c => c.Card, UsageSamples.Card()));

        // Assert
        Assert.Contains("Main campus", cut.Markup);
        Assert.Contains("87 of 100 assigned · 13 free", cut.Find("#licences-1 .meter-text").TextContent);
        Assert.Contains("300 GB used of 1 TB plan storage", cut.Find("#storage-1 .meter-text").TextContent);
        Assert.Contains("120 active · 3 pending · 5 deactivated", cut.Find(".users-line").TextContent);
        Assert.Contains("storage full around 2027-03-01", cut.Find(".projection-line").TextContent);
        Assert.Contains("No warnings.", cut.Markup);
        Assert.Empty(cut.FindAll(".stale-marker"));
        Assert.Contains("Healthy", cut.Find(".health-chip").TextContent);
    }

    [Fact]
    public void UsageCardView_StaleWithAlerts_ShowsStaleMarkerAndAlerts()
    {
        // Arrange
        var card = UsageSamples.Card(stale: true, usedGb: 990, healthy: false, alerts:
        [
            new HomeAlert(AlertSeverity.Critical, "Recording storage 97% full.", "990 GB of 1 TB used."),
            new HomeAlert(AlertSeverity.Info, "Figures are out of date.", "…"),
        ]);

        // Act
        var cut = Render<UsageCardView>(p => p.Add(c => c.Card, card));

        // Assert
        Assert.Single(cut.FindAll(".stale-marker"));
        Assert.Equal(2, cut.FindAll(".card-alert").Count);
        Assert.Contains("Recording storage 97% full.", cut.Markup);
        Assert.Contains("Failing", cut.Find(".health-chip").TextContent);
        Assert.Contains("The hourly usage snapshot failed: boom", cut.Find(".health-reason").TextContent);
        Assert.Contains("97%", cut.Find("#storage-1 .meter-percent").TextContent);
    }

    [Fact]
    public void StoragePanel_PendingEstimate_IsLabelledAsEstimate()
    {
        // Arrange
        var card = UsageSamples.Card() with { PendingFreedBytes = 20 * UsageSamples.Gb };

        // Act
        var cut = Render<StoragePanel>(p => p.Add(c => c.Card, card));

        // Assert
        Assert.Contains("Used in total", cut.Find("#storage-table").TextContent);
        Assert.Contains("300 GB", cut.Find("#storage-table").TextContent);
        var pending = cut.Find("#pending-freed").TextContent;
        Assert.Contains("Estimated ≈20 GB freed", pending);
        Assert.Contains("pending", pending);
        Assert.Contains("280 GB", pending);
    }

    [Fact]
    public void Panels_NoSnapshotYet_SayNoFiguresYetInsteadOfUnknownsOrZoomDidNotReport()
    {
        // Arrange
        var card = UsageSamples.Card() with
        {
            AsOf = null, Licences = new LicenceFigures([], null, null), Storage = new StorageFigures(null, null, null, null, null, false, null),
        };

        // Act
        var storage = Render<StoragePanel>(p => p.Add(c => c.Card, card));
        var overview = Render<UsageCardView>(p => p.Add(c => c.Card, card));

        // Assert
        Assert.Contains("No figures yet", storage.Find("#storage-no-figures").TextContent);
        Assert.DoesNotContain("Zoom did not report storage", storage.Markup);
        Assert.Empty(overview.FindAll(".meter-text"));
    }

    [Fact]
    public void StoragePanel_UnknownStorage_SaysZoomDidNotReport()
    {
        // Arrange
        var card = UsageSamples.Card() with
        {
            Storage = new StorageFigures(null, null, null, null, null, false, null), FallbackReason = "Only available for paid account",
        };

        // Act
        var cut = Render<StoragePanel>(p => p.Add(c => c.Card, card));

        // Assert
        Assert.Contains("Zoom did not report storage", cut.Markup);
        Assert.Contains("Only available for paid account", cut.Markup);
    }

    [Fact]
    public void LicencesPanel_Plans_ShowsPerPlanTotalsNeedsAndReclaimLink()
    {
        // Arrange
        var d = UsageSamples.Dashboard();

        // Act
        var cut = Render<LicencesPanel>(p => p.Add(c => c.Card, d.Card).Add(c => c.Plans, d.Plans).Add(c => c.Needs, d.Needs).Add(c => c.Reclaim, d.Reclaim));

        // Assert
        var rows = cut.FindAll("#plans-table tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Contains("Meetings, monthly", rows[0].TextContent);
        Assert.Contains("Total", rows[2].TextContent);
        Assert.Contains("4 active staff members would need a licence: 2 Basic, 1 pending invitation, 1 not in Zoom", cut.Find("#licence-needs").TextContent);
        Assert.Contains("13 free licences cover them", cut.Find("#licence-needs").TextContent);
        Assert.Equal("/staff?filter=reclaim", cut.Find("#reclaim-link").GetAttribute("href"));
        Assert.Contains("Assigned 87", cut.Markup);
    }

    [Fact]
    public void HealthPanel_MissingOptionalScope_ListsItAndApiUse()
    {
        // Act
        var cut = Render<HealthPanel>(p => p.Add(c => c.Health, UsageSamples.Dashboard().Health));

        // Assert
        Assert.Contains("Storage history from Zoom (optional)", cut.Find("#missing-scopes").TextContent);
        var api = cut.Find("#api-use").TextContent;
        Assert.Contains("Light", api);
        Assert.Contains("120", api);
        Assert.Contains("60,000 a day, shared", api);
        Assert.Contains("daily limits hit: 0", cut.Find("#api-429s").TextContent);
    }

    [Fact]
    public void HistoryPanel_Switching90Days_ShowsLongerRange()
    {
        // Arrange
        var d = UsageSamples.Dashboard();
        var cut = Render<HistoryPanel>(p => p.Add(c => c.Card, d.Card).Add(c => c.History, d.History));
        var text30 = cut.Find("#storage-history-text").TextContent;

        // Act
        cut.FindAll("#history-range button").Last().Click();

        // Assert
        Assert.Contains("2026-10-27", text30);
        Assert.Contains("2026-08-28", cut.Find("#storage-history-text").TextContent);
        Assert.Contains("runs out around 2027-03-01", cut.Find("#storage-projection").TextContent);
    }

    [Fact]
    public void ConsumersPanel_NoScanYet_SaysAvailableAfterFirstScan()
    {
        // Act
        var none = Render<ConsumersPanel>(p => p.Add(c => c.ConnectionId, 1));
        var some = Render<ConsumersPanel>(p => p.Add(c => c.ConnectionId, 1).Add(c => c.Consumers, UsageSamples.Consumers()));

        // Assert
        Assert.Contains("Available after the first recordings scan", none.Find("#consumers-unavailable").TextContent);
        Assert.Contains("42 GB", some.Find("#consumer-users").TextContent);
        Assert.Contains("Thesis consultation", some.Find("#consumer-meetings").TextContent);
        Assert.Equal("/recordings/cleanup?connection=1&user=terry.teacher%40writing.example.edu", some.Find("#consumer-users a").GetAttribute("href"));
    }

    [Fact]
    public void ConnectionDashboard_Loaded_RendersAllPanels()
    {
        // Arrange
        _dashboards.Dashboard = UsageSamples.Dashboard(consumers: UsageSamples.Consumers());

        // Act
        var cut = Render<ConnectionDashboard>(p => p.Add(c => c.ConnectionId, 1));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Main campus", cut.Find("h1").TextContent));
        foreach (var id in new[] { "#licences-panel", "#storage-panel", "#history-panel", "#users-panel", "#health-panel", "#consumers-panel", "#refresh-now-1" })
        {
            Assert.NotNull(cut.Find(id));
        }
        Assert.Contains("As of 2026-11-25 09:10 UTC", cut.Markup);
    }

    [Fact]
    public void ConnectionDashboard_Unknown_SaysNotFound()
    {
        // Act
        var cut = Render<ConnectionDashboard>(p => p.Add(c => c.ConnectionId, 99));

        // Assert
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#not-found")));
    }

    [Fact]
    public void RefreshNowButton_Click_StartsAndShowsLiveProgressThenReloads()
    {
        // Arrange
        var completed = 0;
        var cut = Render<RefreshNowButton>(p => p.Add(c => c.ConnectionId, 1).Add(c => c.Completed, () => completed++));

        // Act
        cut.Find("#refresh-now-1").Click();
        _jobs.Raise(new LiveJobStatus(UsageSnapshotJob.JobName, 1, 5, true, new JobProgress("Counting users…", 0.4), JobOutcome.Running));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Counting users…", cut.Find("#refresh-progress-1").TextContent));
        Assert.Equal(1, _dashboards.Refreshes);

        // Act
        _jobs.Raise(new LiveJobStatus(UsageSnapshotJob.JobName, 2, 6, false, new JobProgress("other", 1), JobOutcome.Succeeded));
        _jobs.Raise(new LiveJobStatus(UsageSnapshotJob.JobName, 1, 5, false, new JobProgress("done", 1), JobOutcome.Succeeded));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Refreshed.", cut.Find("#refresh-result-1").TextContent));
        Assert.Equal(1, completed);
    }

    [Fact]
    public void DashboardsOverview_ConnectionInTheAddress_ShowsOnlyThatConnection()
    {
        // Arrange
        _dashboards.Cards = [UsageSamples.Card(1, "Main campus"), UsageSamples.Card(2, "Downtown center")];
        Services.GetRequiredService<NavigationManager>().NavigateTo("/dashboards?connection=2");

        // Act
        var cut = Render<DashboardsOverview>();

        // Assert
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".usage-card")));
        Assert.NotNull(cut.Find("#usage-card-2"));
        Assert.Contains("Showing Downtown center only", cut.Find("#one-connection").TextContent);
        Assert.Equal("/dashboards", cut.Find("#show-all-connections").GetAttribute("href"));
        Assert.Equal("/dashboards/2?connection=2", cut.Find("#open-dashboard-2").GetAttribute("href"));
    }

    [Fact]
    public void ConnectionDashboard_AnotherConnectionChosen_OpensThatConnectionsDashboard()
    {
        // Arrange: the dashboard of connection 1 is open and the drawer's selector chooses connection 2
        _dashboards.Dashboard = UsageSamples.Dashboard();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/dashboards/1?connection=2");

        // Act
        Render<ConnectionDashboard>(p => p.Add(c => c.ConnectionId, 1));

        // Assert
        Assert.EndsWith("/dashboards/2?connection=2", navigation.Uri);
    }

    [Fact]
    public void DashboardsOverview_Cards_OnePerConnection()
    {
        // Arrange
        _dashboards.Cards = [UsageSamples.Card(1, "Main campus"), UsageSamples.Card(2, "Downtown center", stale: true)];

        // Act
        var cut = Render<DashboardsOverview>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".usage-card").Count));
        Assert.Equal("/dashboards/2", cut.Find("#open-dashboard-2").GetAttribute("href"));
    }

    [Fact]
    public void StoragePanel_PlanAndFreeStorage_EachWithItsOwnUsage()
    {
        // Arrange: 77.9 GB used, 5 GB of it from the 5 GB free allotment, on a 1 TB plan
        var used = (long)(77.9 * UsageSamples.Gb);
        var card = UsageSamples.Card() with
        {
            Storage = new StorageFigures("cmr_monthly_commitment_1tb", 1024 * UsageSamples.Gb, 5 * UsageSamples.Gb, 1029 * UsageSamples.Gb, used, false, 0)
            {
                FreeUsedBytes = 5 * UsageSamples.Gb,
            },
        };

        // Act
        var cut = Render<StoragePanel>(p => p.Add(c => c.Card, card));

        // Assert
        Assert.Contains("77.9 GB used", cut.Find("#storage-used").TextContent);
        Assert.Contains("72.9 GB used of 1 TB", cut.Find("#storage-meter .meter-text").TextContent);
        Assert.Contains("5 GB used of 5 GB", cut.Find("#free-storage-meter .meter-text").TextContent);
        var plan = cut.Find("#storage-plan-name");
        Assert.Equal("Cloud recording 1 TB, monthly commitment", plan.TextContent);
        Assert.Equal("cmr_monthly_commitment_1tb", plan.GetAttribute("title"));
        Assert.DoesNotContain("77.9 GB of 1 TB", cut.Markup);
    }

    [Fact]
    public void LicencesPanel_PlanCodesAndOneReclaimCandidate_HumanNamesCodesInTooltipSingular()
    {
        // Arrange
        var d = UsageSamples.Dashboard();
        PlanLicenceFigures[] plans = [new("plan_zoom_one", "zoom_one_business_plus_monthly", 20, 17, 0)];

        // Act
        var cut = Render<LicencesPanel>(p => p.Add(c => c.Card, d.Card).Add(c => c.Plans, plans).Add(c => c.Needs, new LicenceNeeds(0, 1, 0))
            .Add(c => c.Reclaim, new ReclaimCandidates(1, 90, "/staff?filter=reclaim")));

        // Assert
        var name = cut.Find("#plans-table .plan-name");
        Assert.Equal("Zoom One Business Plus, monthly", name.TextContent);
        Assert.Equal("plan_zoom_one · zoom_one_business_plus_monthly", name.GetAttribute("title"));
        Assert.Contains("1 licensed user has not signed in for 90 days.", cut.Find("#reclaim-candidates").TextContent);
        Assert.Contains("1 active staff member would need a licence", cut.Find("#licence-needs").TextContent);
        Assert.DoesNotContain("zoom_one_business_plus_monthly<", cut.Markup);
    }

    [Fact]
    public void HistoryPanel_FewerThanThreeDays_ShowsTheNumbersInsteadOfACharts()
    {
        // Arrange
        var history = UsageSamples.Dashboard().History.TakeLast(2).ToList();

        // Act
        var cut = Render<HistoryPanel>(p => p.Add(c => c.Card, UsageSamples.Card()).Add(c => c.History, history));

        // Assert
        Assert.Contains("2 days of figures so far", cut.Find("#history-few").TextContent);
        Assert.Equal(2, cut.FindAll("#history-table tbody tr").Count);
        Assert.Empty(cut.FindAll("svg"));
    }

    [Fact]
    public void HistoryPanel_DaysFromZoomReport_MarkedAndCharted()
    {
        // Arrange: 20 days from Zoom's report (storage only), then 2 days of the portal's own snapshots
        var today = new DateOnly(2026, 11, 25);
        var report = Enumerable.Range(0, 20).Select(i => new UsageDayPoint(today.AddDays(i - 22), null, null, null, (50 + i) * UsageSamples.Gb, null, 0)
        {
            FromZoomReport = true,
        });
        var own = Enumerable.Range(0, 2).Select(i => new UsageDayPoint(today.AddDays(i - 1), 100, 87, 1024 * UsageSamples.Gb, (70 + i) * UsageSamples.Gb, 120, 24));
        var history = report.Concat(own).ToList();

        // Act
        var cut = Render<HistoryPanel>(p => p.Add(c => c.Card, UsageSamples.Card()).Add(c => c.History, history));

        // Assert
        Assert.Contains("20 earlier days of storage used come from Zoom's cloud recording report", cut.Find("#history-from-zoom").TextContent);
        Assert.Equal(20, cut.FindAll("#history-table tr.from-zoom-report").Count);
        Assert.Contains("Zoom report", cut.Find("#history-table tr.from-zoom-report").TextContent);
        Assert.NotNull(cut.Find("#storage-chart svg"));
        Assert.Contains("2026-11-03", cut.Find("#storage-history-text").TextContent);
        Assert.Contains("Licences are known from the portal's own snapshots only", cut.Find("#licence-history-few").TextContent);
        Assert.Contains("3 Nov", cut.Find("#storage-chart").TextContent);
    }

    [Fact]
    public void HistoryPanel_ReportRefused_SaysWhyTheHistoryStartsWithSnapshots()
    {
        // Arrange
        var card = UsageSamples.Card() with { StorageHistoryProblem = "The history starts with the portal's own snapshots: Zoom refused its cloud recording report." };

        // Act
        var cut = Render<HistoryPanel>(p => p.Add(c => c.Card, card).Add(c => c.History, UsageSamples.Dashboard().History));

        // Assert
        Assert.Contains("starts with the portal's own snapshots", cut.Find("#history-problem").TextContent);
        Assert.Empty(cut.FindAll("#history-from-zoom"));
    }

    [Fact]
    public void ConsumersPanel_UsersWithoutRecordings_NotListedAndLinkDoesNotWrap()
    {
        // Arrange
        var consumers = UsageSamples.Consumers() with
        {
            Users =
            [
                new ConsumerUser("u1", "terry.teacher@writing.example.edu", "Terry Teacher", 42 * UsageSamples.Gb, 12),
                new ConsumerUser("u2", "tess.tutor@writing.example.edu", "Tess Tutor", 0, 0),
            ],
        };

        // Act
        var cut = Render<ConsumersPanel>(p => p.Add(c => c.ConnectionId, 1).Add(c => c.Consumers, consumers));

        // Assert
        Assert.Single(cut.FindAll("#consumer-users tbody tr"));
        Assert.DoesNotContain("tess.tutor", cut.Find("#consumer-users").TextContent);
        Assert.Contains("nowrap", cut.Find("#consumer-users a").GetAttribute("class"));
    }

    [Fact]
    public void DashboardsOverview_SameThresholds_OneSentence()
    {
        // Act
        var cut = Render<DashboardsOverview>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("Warnings at 80% and critical at 95% (storage and licences).", cut.Find("#thresholds").TextContent));
    }

    private sealed class StubDashboards : IUsageDashboardService
    {
        public UsageDashboard? Dashboard { get; set; }
        public IReadOnlyList<UsageCard> Cards { get; set; } = [];
        public int Refreshes { get; private set; }

        public Task<IReadOnlyList<UsageCard>> GetOverviewAsync(CancellationToken ct = default) => Task.FromResult(Cards);

        public Task<UsageDashboard?> GetDashboardAsync(int connectionId, CancellationToken ct = default) =>
            Task.FromResult(Dashboard?.Card.ConnectionId == connectionId ? Dashboard : null);

        public Task<IReadOnlyList<UsageDayPoint>> GetHistoryAsync(int connectionId, int days, CancellationToken ct = default) =>
            Task.FromResult(Dashboard?.History ?? []);

        public Task<long?> RefreshAsync(int connectionId, CancellationToken ct = default)
        {
            Refreshes++;
            return Task.FromResult<long?>(5);
        }
    }
}
