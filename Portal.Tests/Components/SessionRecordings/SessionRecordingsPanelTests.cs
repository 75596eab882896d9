using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Components.Pages.Sessions;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;
using Portal.Tests.Core.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.SessionRecordings;

/// <summary>The session page's recording section over the real publishing service (a test database and a fake clock), as a director.</summary>
public sealed class SessionRecordingsPanelTests : PortalComponentTest
{
    private readonly SessionTestHarness _h = new();
    private readonly RecordingPublishOptions _options = new() { RecordingPublishDefault = TimeSpan.FromDays(14), RecordingPublishMax = TimeSpan.FromDays(60) };
    private readonly SessionRecordingTies _ties;
    private long _sessionId;

    public SessionRecordingsPanelTests()
    {
        SignInAs("director");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        _ties = new SessionRecordingTies(_h.DbFactory, _h.Audit, _h.Mailer, Options.Create(_options), _h.Clock);
        var steps = new SessionSteps(_h.Actor, new StaffIdentityBinder(_h.DbFactory, _h.Audit, _h.Clock), _h.Audit, _h.Clock);
        Services.AddSingleton<ISessionRecordingService>(new SessionRecordingService(_h.DbFactory, steps, new NoRefresh(), _h.Audit, _h.Mailer, Options.Create(_options), _h.Clock));
        Services.AddSingleton<TimeProvider>(_h.Clock);
    }

    public override async Task InitializeAsync()
    {
        var terry = _h.AddStaff("Terry Teacher", "terry.teacher@writing.example.edu", "zu-terry");
        _sessionId = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(terry, hoursFromNow: 2))).SessionId!.Value;
        _h.Clock.Advance(TimeSpan.FromHours(4));
    }

    protected override async Task DisposeTestAsync() => await _h.DisposeAsync();

    private async Task TieAsync()
    {
        await using var db = _h.DbFactory.CreateDbContext();
        await _ties.TieCompletedAsync(db, 1, new RecordingSeen("uuid-1", _h.Load(_sessionId).ZoomMeetingId, SessionTestHarness.Now.AddHours(2), 52, 5_000_000,
            [new RecordingSeenFile("video-1", "MP4", "shared_screen_with_speaker_view", 5_000_000)]), default);
        await db.SaveChangesAsync();
    }

    private static string Text(IRenderedComponent<SessionRecordingsPanel> cut) => cut.Find("#session-recordings").TextContent;

    [Fact]
    public void Render_SessionOverWithoutRecording_SaysNoneYetAndOffersNoPublish()
    {
        // Act
        var cut = Render<SessionRecordingsPanel>(p => p.Add(c => c.SessionId, _sessionId));

        // Assert
        cut.WaitForAssertion(() => cut.Find("#no-recording"));
        Assert.Empty(cut.FindAll("button#publish-recording"));
    }

    [Fact]
    public async Task Render_RecordingTied_ShowsItWithPlayAndTheDefaultDays()
    {
        // Arrange
        await TieAsync();

        // Act
        var cut = Render<SessionRecordingsPanel>(p => p.Add(c => c.SessionId, _sessionId));
        cut.WaitForAssertion(() => cut.Find("button#publish-recording"));
        cut.Find("button.recording-play").Click();

        // Assert
        Assert.Contains("52 min", Text(cut));
        Assert.Contains("Not published", Text(cut));
        Assert.Equal("14", cut.Find("#publish-days").GetAttribute("value"));
        var video = cut.Find("video.session-recording-player");
        Assert.Equal($"/recordings/files/1/{Portal.Core.Features.Recordings.RecordingKeys.Encode("uuid-1")}/video-1", video.GetAttribute("src"));
    }

    [Fact]
    public async Task Publish_ThenUnpublish_SaysUntilWhenThenNotPublished()
    {
        // Arrange
        await TieAsync();
        var cut = Render<SessionRecordingsPanel>(p => p.Add(c => c.SessionId, _sessionId));
        cut.WaitForAssertion(() => cut.Find("button#publish-recording"));
        cut.Find("#publish-days").Change("3");

        // Act
        cut.Find("button#publish-recording").Click();
        cut.WaitForAssertion(() => cut.Find("#recording-published"));
        var published = _h.Load(_sessionId).RecordingPublishedUntil;
        cut.Find("button#unpublish-recording").Click();

        // Assert
        cut.WaitForAssertion(() => cut.Find("#recording-not-published"));
        Assert.Equal(_h.Clock.GetUtcNow().AddDays(3), published);
        Assert.Equal(_h.Clock.GetUtcNow(), _h.Load(_sessionId).RecordingPublishedUntil);
        Assert.Contains("taken off the client's page", cut.Find("#recording-message").TextContent);
    }

    private sealed class NoRefresh : ISessionRecordingRefresh
    {
        public Task<(ZoomRefusal? Zoom, string? Note)> RefreshAsync(long sessionId, CancellationToken ct) => Task.FromResult<(ZoomRefusal?, string?)>((null, null));
    }
}
