using Microsoft.Extensions.Options;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Zoom;
using Portal.Tests.Core.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Alerts;

/// <summary>The host check job tells directors about hosts who cannot host: one message per run, each problem once until it clears.</summary>
public sealed class HostAlertsTests : IAsyncLifetime
{
    private readonly SessionTestHarness _h = new();
    private readonly Dictionary<string, int> _staff = [];

    private static readonly (string Name, string Email, string ZoomId)[] s_hosts =
    [
        ("Terry Teacher", "terry.teacher@writing.example.edu", "zu-terry"),
        ("Tess Tutor", "tess.tutor@writing.example.edu", "zu-tess"),
        ("Tim Tutor", "tim.tutor@writing.example.edu", "zu-tim"),
    ];

    public async Task InitializeAsync()
    {
        foreach (var (name, email, zoomId) in s_hosts)
        {
            _h.Zoom.AddUser(zoomId, email);
            _staff[zoomId] = _h.AddStaff(name, email, zoomId);
        }
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        await using var db = _h.DbFactory.CreateDbContext();
        await TestNotifications.AddPeopleAsync(db, _h.Clock.GetUtcNow());
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<long> ScheduleAsync(string zoomId, string topic) =>
        (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_staff[zoomId], topic, hoursFromNow: 1))).SessionId!.Value;

    private async Task<List<OutboxMessage>> RunJobAsync()
    {
        var job = new SessionHostCheckJob(_h.DbFactory, _h.HostCheck, _h.HostAlerts, Options.Create(_h.SessionsOptions), _h.Clock);
        await job.RunAsync(new JobContext(null, new Progress<JobProgress>(), "test"), CancellationToken.None);
        await using var db = _h.DbFactory.CreateDbContext();
        return await TestNotifications.MessagesAsync(db, NotificationKind.HostCannotHost);
    }

    [Fact]
    public async Task HostCheckJob_ThreeHostsCannotHost_QueuesOneMessageListingEverySession()
    {
        // Arrange
        var essay = await ScheduleAsync("zu-terry", "Essay review");
        var thesis = await ScheduleAsync("zu-tess", "Thesis draft");
        var cover = await ScheduleAsync("zu-tim", "Cover letter");
        _h.Zoom.AddUser("zu-terry", s_hosts[0].Email, ZoomUserType.Basic);
        _h.Zoom.AddUser("zu-tess", s_hosts[1].Email, status: ZoomUserStatus.Inactive);
        _h.Zoom.AddUser("zu-tim", s_hosts[2].Email, ZoomUserType.Basic);

        // Act
        var messages = await RunJobAsync();

        // Assert
        var message = Assert.Single(messages);
        Assert.Equal(TestNotifications.DirectorEmail, message.ToAddress);
        Assert.Equal("3 upcoming sessions have a host who cannot host", message.Subject);
        Assert.Contains("\"Essay review\", Wed 25 Nov 2026, 10:00 (UTC), host Terry Teacher: Terry Teacher no longer has a Zoom licence", message.TextBody);
        Assert.Contains("host Tess Tutor: Tess Tutor's Zoom user is inactive. Change the host or reactivate the user.", message.TextBody);
        Assert.Contains("host Tim Tutor:", message.TextBody);
        foreach (var id in new[] { essay, thesis, cover })
        {
            Assert.Contains($"{TestNotifications.PortalUrl}/sessions/{id}", message.TextBody);
            Assert.Contains($"href=\"{TestNotifications.PortalUrl}/sessions/{id}\"", message.HtmlBody);
        }
    }

    [Fact]
    public async Task HostCheckJob_MeetingDeletedInZoom_QueuesNoHostMessage()
    {
        // Arrange
        var essay = await ScheduleAsync("zu-terry", "Essay review");
        _h.Zoom.Meetings.Remove(_h.Load(essay).ZoomMeetingId);

        // Act
        var messages = await RunJobAsync();

        // Assert
        Assert.Equal(SessionState.DeletedInZoom, _h.Load(essay).State);
        Assert.Empty(messages);
    }

    [Fact]
    public async Task HostCheckJob_SameProblemsNextRun_QueuesNothingMore()
    {
        // Arrange
        await ScheduleAsync("zu-terry", "Essay review");
        _h.Zoom.AddUser("zu-terry", s_hosts[0].Email, ZoomUserType.Basic);
        await RunJobAsync();

        // Act
        var messages = await RunJobAsync();

        // Assert
        Assert.Single(messages);
    }

    [Fact]
    public async Task HostCheckJob_HostFixedThenBasicAgain_QueuesAnotherMessageForThatSession()
    {
        // Arrange
        var essay = await ScheduleAsync("zu-terry", "Essay review");
        _h.Zoom.AddUser("zu-terry", s_hosts[0].Email, ZoomUserType.Basic);
        await RunJobAsync();
        _h.Zoom.AddUser("zu-terry", s_hosts[0].Email);
        var whileFixed = await RunJobAsync();
        _h.Zoom.AddUser("zu-terry", s_hosts[0].Email, ZoomUserType.Basic);

        // Act
        var messages = await RunJobAsync();

        // Assert
        Assert.Single(whileFixed);
        Assert.Equal(2, messages.Count);
        Assert.Equal("Terry Teacher cannot host \"Essay review\" on Wed 25 Nov 2026, 10:00 (UTC)", messages[1].Subject);
        Assert.Equal(essay, messages[1].SessionId);
        Assert.Contains($"Open the session: {TestNotifications.PortalUrl}/sessions/{essay}", messages[1].TextBody);
        Assert.Contains($"{TestNotifications.PortalUrl}/staff/{_staff["zu-terry"]}", messages[1].TextBody);
    }
}
