using Portal.Core.Features.Notifications;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Alerts;

/// <summary>The hourly usage snapshot tells directors about storage and licence levels, once per crossing.</summary>
public sealed class UsageAlertsTests : IAsyncLifetime
{
    private const long Gb = 1L << 30;
    private readonly UsageHarness _h = new();
    private int _id;

    public async Task InitializeAsync()
    {
        _id = await _h.AddConnectionAsync("Main campus");
        await using var db = _h.Db();
        await TestNotifications.AddPeopleAsync(db, _h.Clock.GetUtcNow());
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<List<OutboxMessage>> SnapshotAsync(long usedGb, int assigned = 50, int purchased = 100)
    {
        _h.Zoom.Usage = () => FakeUsageZoomClient.Plan(purchased, assigned, 1024 * Gb, usedGb * Gb);
        var run = await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, _id, "schedule");
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await using var db = _h.Db();
        return await TestNotifications.MessagesAsync(db);
    }

    [Fact]
    public async Task SnapshotJob_StorageCrossesCritical_QueuesOneMessageToDirectorsWithDashboardLink()
    {
        // Arrange
        await SnapshotAsync(usedGb: 300);

        // Act
        var messages = await SnapshotAsync(usedGb: 983);

        // Assert
        var message = Assert.Single(messages);
        Assert.Equal(NotificationKind.StorageThreshold, message.Kind);
        Assert.Equal(TestNotifications.DirectorEmail, message.ToAddress);
        Assert.Equal(_id, message.ConnectionId);
        Assert.Equal("Cloud recording storage at 96% on Main campus", message.Subject);
        Assert.Contains("983 GB used of 1 TB plan storage (96%).", message.TextBody);
        Assert.Contains($"Open the dashboard: {TestNotifications.PortalUrl}/dashboards/{_id}", message.TextBody);
        Assert.Contains($"href=\"{TestNotifications.PortalUrl}/dashboards/{_id}\"", message.HtmlBody);
        Assert.Contains($"{TestNotifications.PortalUrl}/recordings/cleanup?connection={_id}", message.TextBody);
    }

    [Fact]
    public async Task SnapshotJob_StorageStaysAboveWarning_QueuesOnlyOnce()
    {
        // Arrange
        await SnapshotAsync(usedGb: 850);

        // Act
        var messages = await SnapshotAsync(usedGb: 860);

        // Assert
        var message = Assert.Single(messages);
        Assert.Equal("Cloud recording storage at 83% on Main campus", message.Subject);
    }

    [Fact]
    public async Task SnapshotJob_WarningThenCriticalThenFull_QueuesOneMessagePerHigherLevel()
    {
        // Arrange
        await SnapshotAsync(usedGb: 850);
        await SnapshotAsync(usedGb: 990);

        // Act
        var messages = await SnapshotAsync(usedGb: 1024);

        // Assert
        Assert.Equal(
            ["Cloud recording storage at 83% on Main campus", "Cloud recording storage at 97% on Main campus", "Cloud recording storage full on Main campus"],
            messages.Select(m => m.Subject));
    }

    [Fact]
    public async Task SnapshotJob_StorageClearsAndReturns_QueuesAgain()
    {
        // Arrange
        await SnapshotAsync(usedGb: 990);
        await SnapshotAsync(usedGb: 500);

        // Act
        var messages = await SnapshotAsync(usedGb: 990);

        // Assert
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal("Cloud recording storage at 97% on Main campus", m.Subject));
    }

    [Fact]
    public async Task SnapshotJob_StorageDropsFromCriticalToWarning_QueuesNothing()
    {
        // Arrange
        await SnapshotAsync(usedGb: 990);

        // Act
        var messages = await SnapshotAsync(usedGb: 900);

        // Assert
        Assert.Single(messages);
    }

    [Fact]
    public async Task SnapshotJob_LicencesRunOut_QueuesWarningThenNoneLeft()
    {
        // Arrange
        await SnapshotAsync(usedGb: 100, assigned: 92);
        await SnapshotAsync(usedGb: 100, assigned: 93);

        // Act
        var messages = await SnapshotAsync(usedGb: 100, assigned: 100);

        // Assert
        Assert.All(messages, m => Assert.Equal(NotificationKind.LicencesRunningOut, m.Kind));
        Assert.Equal(["Zoom licences at 92% on Main campus: 8 licences left", "No Zoom licences left on Main campus"], messages.Select(m => m.Subject));
        Assert.Contains("100 of 100 licences assigned, 0 free.", messages[1].TextBody);
        Assert.Contains($"{TestNotifications.PortalUrl}/dashboards/{_id}", messages[1].TextBody);
    }

    [Fact]
    public async Task SnapshotJob_ZoomRefusesTheCredentials_AdministratorsHearOnceUntilASnapshotWorksAgain()
    {
        // Arrange
        async Task<JobOutcome> RunAsync(bool refused)
        {
            _h.Zoom.Usage = refused
                ? () => throw new ZoomOAuthException(System.Net.HttpStatusCode.BadRequest, "invalid_client", "Invalid client_id or client_secret")
                : () => FakeUsageZoomClient.Plan(100, 50, 1024 * Gb, 100 * Gb);
            var run = await _h.Get<IJobRunner>().RunAsync(UsageSnapshotJob.JobName, _id, "schedule");
            _h.Clock.Advance(TimeSpan.FromHours(1));
            return run.Outcome;
        }

        // Act
        var outcomes = new[] { await RunAsync(refused: true), await RunAsync(refused: true), await RunAsync(refused: false), await RunAsync(refused: true) };

        // Assert
        Assert.Equal([JobOutcome.Failed, JobOutcome.Failed, JobOutcome.Succeeded, JobOutcome.Failed], outcomes);
        await using var db = _h.Db();
        var messages = await TestNotifications.MessagesAsync(db, NotificationKind.ConnectionProblem);
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal(TestNotifications.AdminEmail, m.ToAddress);
            Assert.Equal("Zoom connection failing: Main campus", m.Subject);
            Assert.Contains("The hourly usage snapshot failed: Zoom refused the connection's credentials", m.TextBody);
            Assert.Contains($"{TestNotifications.PortalUrl}/connections/{_id}", m.TextBody);
        });
    }

    [Fact]
    public async Task SnapshotJob_ProjectionFullWithinWarnDays_QueuesOneMessage()
    {
        // Arrange: 10 GB a day more over the last week, 700 GB now: full in about a month at 1 TB.
        var now = _h.Clock.GetUtcNow();
        await _h.AddSnapshotsAsync(Enumerable.Range(1, 7)
            .Select(d => UsageSnapshotSamples.Create(_id, now.AddDays(-d), 100, 50, 1024 * Gb, (700 - 10 * d) * Gb)).ToArray());

        // Act
        var first = await SnapshotAsync(usedGb: 720);
        var second = await SnapshotAsync(usedGb: 720);

        // Assert
        var message = Assert.Single(first);
        Assert.Equal(NotificationKind.StorageThreshold, message.Kind);
        Assert.Matches("^Cloud recording storage on Main campus will be full in about [0-9]+ days$", message.Subject);
        Assert.Contains("runs out around", message.TextBody);
        Assert.Single(second);
    }
}
