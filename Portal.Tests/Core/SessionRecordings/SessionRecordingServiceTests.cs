using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Identity;
using Portal.Core.Zoom;
using Portal.Tests.Core.Sessions;

namespace Portal.Tests.Core.SessionRecordings;

/// <summary>Publishing a session's recording (the real service over a test database and a fake clock) and tying recordings to sessions.</summary>
public sealed class SessionRecordingServiceTests : IAsyncLifetime
{
    private const string Terry = "terry.teacher@writing.example.edu";
    private readonly SessionTestHarness _h = new();
    private readonly RecordingPublishOptions _options = new() { RecordingPublishDefault = TimeSpan.FromDays(7), RecordingPublishMax = TimeSpan.FromDays(30) };
    private SessionRecordingTies _ties = null!;
    private SessionRecordingService _service = null!;
    private long _sessionId;
    private long _meetingId;

    public async Task InitializeAsync()
    {
        _ties = new SessionRecordingTies(_h.DbFactory, _h.Audit, _h.Mailer, Options.Create(_options), _h.Clock);
        _service = new SessionRecordingService(_h.DbFactory, Steps(), new NoRefresh(), _h.Audit, _h.Mailer, Options.Create(_options), _h.Clock);
        var terry = _h.AddStaff("Terry Teacher", Terry, "zu-terry");
        _h.AddStaff("Tess Tutor", "tess.tutor@writing.example.edu", "zu-tess");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        var scheduled = await _h.Service.ScheduleAsync(SessionTestHarness.Request(terry, hoursFromNow: 2));
        _sessionId = scheduled.SessionId!.Value;
        _meetingId = _h.Load(_sessionId).ZoomMeetingId;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Portal.Core.Features.Sessions.SessionSteps Steps() =>
        new(_h.Actor, new Portal.Core.Features.Staff.StaffIdentityBinder(_h.DbFactory, _h.Audit, _h.Clock), _h.Audit, _h.Clock);

    private RecordingSeen Seen(string uuid = "uuid-1/+=", string videoId = "file-video") => new(uuid, _meetingId, SessionTestHarness.Now.AddHours(2), 55, 1234,
        [new RecordingSeenFile("file-audio", "M4A", "audio_only", 100), new RecordingSeenFile(videoId, "MP4", "shared_screen_with_speaker_view", 1000)]);

    private async Task TieCompletedAsync(RecordingSeen seen)
    {
        await using var db = _h.DbFactory.CreateDbContext();
        await _ties.TieCompletedAsync(db, 1, seen, default);
        await db.SaveChangesAsync();
    }

    private List<SessionRecording> Ties()
    {
        using var db = _h.DbFactory.CreateDbContext();
        return db.Set<SessionRecording>().AsNoTracking().ToList();
    }

    [Fact]
    public async Task TieCompleted_SameRecordingTwice_OneTieWithTheVideoToPlay()
    {
        // Act
        await TieCompletedAsync(Seen());
        await TieCompletedAsync(Seen());

        // Assert
        var tie = Assert.Single(Ties());
        Assert.Equal(_sessionId, tie.SessionId);
        Assert.Equal("uuid-1/+=", tie.MeetingUuid);
        Assert.Equal("file-video", tie.PlayFileId);
        Assert.Equal(SessionRecordingState.Available, tie.State);
        Assert.Single(_h.AuditActions(), SessionRecordingAuditActions.Tied);
    }

    [Fact]
    public async Task TieListed_MeetingOfNoSession_TiesNothing()
    {
        // Act
        await _ties.TieListedAsync(1, [Seen() with { MeetingId = 999 }], default);

        // Assert
        Assert.Empty(Ties());
    }

    [Fact]
    public async Task Publish_AsTheHostForTenDays_PublishedUntilThenAndAudited()
    {
        // Arrange
        await TieCompletedAsync(Seen());
        _h.Actor.Set(Roles.Teacher, Terry, "Terry Teacher");

        // Act
        var result = await _service.PublishAsync(_sessionId, TimeSpan.FromDays(10));

        // Assert
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(SessionTestHarness.Now.AddDays(10), _h.Load(_sessionId).RecordingPublishedUntil);
        Assert.Equal(SessionRecordingAuditActions.Published, _h.AuditActions()[^1]);
    }

    [Fact]
    public async Task Publish_NoDurationChosen_UsesTheConfiguredDefault()
    {
        // Arrange
        await TieCompletedAsync(Seen());

        // Act
        var result = await _service.PublishAsync(_sessionId, null);

        // Assert
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(SessionTestHarness.Now.AddDays(7), _h.Load(_sessionId).RecordingPublishedUntil);
    }

    [Fact]
    public async Task Publish_LongerThanTheMaximum_RefusedAndNothingChanges()
    {
        // Arrange
        await TieCompletedAsync(Seen());
        var auditsBefore = _h.AuditActions().Count;

        // Act
        var result = await _service.PublishAsync(_sessionId, TimeSpan.FromDays(31));

        // Assert
        Assert.False(result.Succeeded);
        Assert.Null(_h.Load(_sessionId).RecordingPublishedUntil);
        Assert.Equal(auditsBefore, _h.AuditActions().Count);
    }

    [Fact]
    public async Task Publish_NoRecordingTied_Refused()
    {
        // Act
        var result = await _service.PublishAsync(_sessionId, null);

        // Assert
        Assert.False(result.Succeeded);
        Assert.Equal("This session has no recording to publish yet.", result.Message);
    }

    [Fact]
    public async Task Publish_ATeacherWhoIsNotTheHost_RefusedAsNotFound()
    {
        // Arrange
        await TieCompletedAsync(Seen());
        _h.Actor.Set(Roles.Teacher, "tess.tutor@writing.example.edu", "Tess Tutor");

        // Act
        var result = await _service.PublishAsync(_sessionId, null);

        // Assert
        Assert.False(result.Succeeded);
        Assert.Null(_h.Load(_sessionId).RecordingPublishedUntil);
    }

    [Fact]
    public async Task Unpublish_Published_EndsNowAndAudited()
    {
        // Arrange
        await TieCompletedAsync(Seen());
        await _service.PublishAsync(_sessionId, null);
        _h.Clock.Advance(TimeSpan.FromHours(3));

        // Act
        var result = await _service.UnpublishAsync(_sessionId);

        // Assert
        Assert.True(result.Succeeded);
        var until = _h.Load(_sessionId).RecordingPublishedUntil;
        Assert.Equal(_h.Clock.GetUtcNow(), until);
        Assert.False(PublishWindow.IsPublished(until, _h.Clock.GetUtcNow()));
        Assert.Equal(SessionRecordingAuditActions.Unpublished, _h.AuditActions()[^1]);
    }

    [Fact]
    public async Task Get_PublishedThenTheTimeRunsOut_NotPublishedAnyMore()
    {
        // Arrange
        await TieCompletedAsync(Seen());
        await _service.PublishAsync(_sessionId, TimeSpan.FromDays(1));
        _h.Clock.Advance(TimeSpan.FromDays(1));

        // Act
        var view = await _service.GetAsync(_sessionId);

        // Assert
        Assert.NotNull(view);
        Assert.False(view.Published);
        Assert.True(view.CanPublish);
        Assert.Single(view.Recordings);
    }

    [Fact]
    public async Task Get_SessionNotStartedYetWithARecordingTied_ListsTheRecording()
    {
        // Arrange: the session starts in two hours, yet Zoom already reported a recording of its meeting
        await TieCompletedAsync(Seen());

        // Act
        var view = await _service.GetAsync(_sessionId);

        // Assert
        Assert.NotNull(view);
        Assert.False(view.SessionStarted);
        Assert.Single(view.Recordings);
        Assert.True(view.CanPublish);
    }

    [Fact]
    public async Task TieCompleted_ConnectionPublishesAutomatically_PublishedForTheDefaultAndAudited()
    {
        // Arrange
        await using (var db = _h.DbFactory.CreateDbContext())
        {
            await db.ZoomConnections.Where(c => c.Id == 1).ExecuteUpdateAsync(u => u.SetProperty(c => c.AutoPublishRecordings, true));
        }

        // Act
        await TieCompletedAsync(Seen());

        // Assert
        Assert.Equal(SessionTestHarness.Now.AddDays(7), _h.Load(_sessionId).RecordingPublishedUntil);
        Assert.Contains(SessionRecordingAuditActions.Published, _h.AuditActions());
    }

    [Fact]
    public async Task TieCompleted_AutomaticPublishingOff_NotPublished()
    {
        // Act
        await TieCompletedAsync(Seen());

        // Assert
        Assert.Null(_h.Load(_sessionId).RecordingPublishedUntil);
    }

    [Fact]
    public async Task Mark_DeletedInZoomThenRecovered_StateFollowsAndBothAudited()
    {
        // Arrange
        await TieCompletedAsync(Seen());

        // Act
        await using (var db = _h.DbFactory.CreateDbContext())
        {
            await _ties.MarkAsync(db, 1, "uuid-1/+=", SessionRecordingState.Deleted, default);
            await db.SaveChangesAsync();
        }
        var deleted = Ties()[0].State;
        await using (var db = _h.DbFactory.CreateDbContext())
        {
            await _ties.MarkAsync(db, 1, "uuid-1/+=", SessionRecordingState.Available, default);
            await db.SaveChangesAsync();
        }

        // Assert
        Assert.Equal(SessionRecordingState.Deleted, deleted);
        Assert.Equal(SessionRecordingState.Available, Ties()[0].State);
        Assert.Contains(SessionRecordingAuditActions.GoneInZoom, _h.AuditActions());
        Assert.Contains(SessionRecordingAuditActions.RecoveredInZoom, _h.AuditActions());
    }

    [Fact]
    public async Task TieJob_EndedSessionWhoseEventNeverCame_AsksZoomOnceAndTies()
    {
        // Arrange: Zoom has the recording, no event arrived; the session ended an hour ago
        var zoom = new Portal.Tests.TestDoubles.FakeRecordingsZoomClient();
        zoom.Meetings.Add(new ZoomRecordingMeeting("uuid-job", _meetingId, "zu-terry", "Essay review", SessionTestHarness.Now.AddHours(2), 50, 900, 1, null,
            [new ZoomRecordingFile("job-video", "uuid-job", "MP4", "MP4", 900, null, null, null, "https://zoom.example/rec/download/job-video", "completed", "shared_screen_with_speaker_view")]));
        _h.Clock.Advance(TimeSpan.FromHours(4));
        var job = new SessionRecordingTieJob(_h.DbFactory, zoom, new OneTarget(), _ties, _h.Clock);

        // Act
        var first = await job.RunAsync(new Portal.Core.Jobs.JobContext(1, new Progress<Portal.Core.Jobs.JobProgress>(), "test"), default);
        var second = await job.RunAsync(new Portal.Core.Jobs.JobContext(1, new Progress<Portal.Core.Jobs.JobProgress>(), "test"), default);

        // Assert
        var tie = Assert.Single(Ties());
        Assert.Equal("job-video", tie.PlayFileId);
        Assert.Equal(1, zoom.GetMeetingCalls);
        Assert.Equal("1 ended session without a recording looked up, 1 recording tied.", first);
        Assert.StartsWith("0 ended sessions", second, StringComparison.Ordinal);
    }

    private sealed class OneTarget : Portal.Core.Features.Connections.IZoomTargetResolver
    {
        public Task<ZoomTarget> ResolveAsync(int connectionId, CancellationToken ct = default) =>
            Task.FromResult<ZoomTarget>(ServerToServerTarget.ForConnection(connectionId, "acc", "c", "s"));
    }

    private sealed class NoRefresh : ISessionRecordingRefresh
    {
        public Task<(ZoomRefusal? Zoom, string? Note)> RefreshAsync(long sessionId, CancellationToken ct) => Task.FromResult<(ZoomRefusal?, string?)>((null, null));
    }
}
