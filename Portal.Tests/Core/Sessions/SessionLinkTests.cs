using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;
using Portal.Core.Security;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Sessions;

/// <summary>The session's one link: kept encrypted and shown again, re-issued on purpose, and the client's page behind it.</summary>
public sealed class SessionLinkTests : IAsyncLifetime
{
    private const string TerryEmail = "terry.teacher@writing.example.edu";
    private readonly SessionTestHarness _h = new();
    private int _terry;

    public Task InitializeAsync()
    {
        _h.Zoom.AddUser("zu-terry", TerryEmail);
        _h.Zoom.AddUser("zu-tess", "tess.tutor@writing.example.edu");
        _terry = _h.AddStaff("Terry Teacher", TerryEmail, "zu-terry");
        _h.AddStaff("Tess Tutor", "tess.tutor@writing.example.edu", "zu-tess");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<(long Id, string Token)> ScheduleAsync(int hoursFromNow = 24, int minutes = 60)
    {
        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, hoursFromNow: hoursFromNow, minutes: minutes));
        Assert.True(result.Succeeded, result.Message);
        return (result.SessionId!.Value, result.JoinToken!);
    }

    private void Update(long id, Action<Session> change)
    {
        using var db = _h.DbFactory.CreateDbContext();
        var session = db.Sessions.Single(s => s.Id == id);
        change(session);
        db.SaveChanges();
    }

    [Fact]
    public async Task GetJoinToken_AfterScheduling_SameTokenForDirectorAndHostStoredOnlyEncryptedAndHashed()
    {
        // Arrange
        var (id, token) = await ScheduleAsync();
        var session = _h.Load(id);

        // Act
        var forDirector = await _h.Service.GetJoinTokenAsync(id);
        _h.Actor.Set(Roles.Teacher, TerryEmail);
        var forHost = await _h.Service.GetJoinTokenAsync(id);
        _h.Actor.Set(Roles.Teacher, "tess.tutor@writing.example.edu");
        var forOtherTeacher = await _h.Service.GetJoinTokenAsync(id);

        // Assert
        Assert.Equal(token, forDirector);
        Assert.Equal(token, forHost);
        Assert.Null(forOtherTeacher);
        Assert.Equal(JoinTokens.Hash(token), session.JoinTokenHash);
        Assert.NotNull(session.JoinTokenProtected);
        Assert.DoesNotContain(token, session.JoinTokenProtected, StringComparison.Ordinal);
    }

    [Fact]
    public void Reveal_KeysThatEncryptedItAreGone_Null()
    {
        // Arrange
        var session = new Session { ClientName = "c", ClientEmail = "c@x", TimeZone = "UTC", Topic = "t", JoinTokenHash = "" };
        _h.Secrets.IssueFor(session);
        var otherKeys = new JoinLinkSecrets(new SecretProtector(new EphemeralDataProtectionProvider()));

        // Act
        var revealed = otherKeys.Reveal(session);

        // Assert
        Assert.Null(revealed);
    }

    [Fact]
    public async Task IssueJoinLink_OldLinkFindsNothing_NewLinkShownFromThenOn_Audited()
    {
        // Arrange
        var (id, oldToken) = await ScheduleAsync();

        // Act
        var issued = await _h.Service.IssueJoinLinkAsync(id);
        var shown = await _h.Service.GetJoinTokenAsync(id);

        // Assert
        Assert.True(issued.Succeeded, issued.Message);
        Assert.Contains("previous one no longer works", issued.Message);
        Assert.Equal(issued.JoinToken, shown);
        Assert.NotEqual(oldToken, shown);
        Assert.Null(await _h.Service.OpenClientPageAsync(oldToken));
        Assert.NotNull(await _h.Service.OpenClientPageAsync(shown!));
        Assert.Equal(JoinTokens.Hash(shown!), _h.Load(id).JoinTokenHash);
        Assert.Contains(SessionAuditActions.JoinLinkIssued, _h.AuditActions());
    }

    [Fact]
    public async Task OpenClientPage_WrongToken_Null()
    {
        // Arrange
        var (_, token) = await ScheduleAsync();

        // Act
        var wrong = await _h.Service.OpenClientPageAsync(token[..^2] + "xx");
        var tooLong = await _h.Service.OpenClientPageAsync(new string('a', 101));

        // Assert
        Assert.Null(wrong);
        Assert.Null(tooLong);
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public async Task OpenClientPage_SessionOnAnyDay_ValidUntilAnHourAfterItsEndThenNull(DateTimeOffset now)
    {
        foreach (var zone in new[] { "UTC", "America/New_York", "Europe/Berlin" })
        {
            // Arrange: a 90-minute session three hours from now, entered in the zone's local time.
            await using var h = new SessionTestHarness(now);
            h.Zoom.AddUser("zu-terry", TerryEmail);
            var terry = h.AddStaff("Terry Teacher", TerryEmail, "zu-terry");
            h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
            var start = now.AddHours(3);
            var local = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById(zone));
            var request = SessionTestHarness.Request(terry, minutes: 90);
            request.StartDate = local.Date;
            request.StartTime = local.TimeOfDay;
            request.TimeZone = zone;
            var result = await h.Service.ScheduleAsync(request);
            Assert.True(result.Succeeded, $"{zone}: {result.Message}");
            var session = h.Load(result.SessionId!.Value);

            // Act
            h.Clock.SetUtcNow(session.JoinTokenExpiresAt.AddSeconds(-1));
            var lastMoment = await h.Service.OpenClientPageAsync(result.JoinToken!);
            h.Clock.Advance(TimeSpan.FromSeconds(2));
            var expired = await h.Service.OpenClientPageAsync(result.JoinToken!);

            // Assert
            Assert.Equal(start, session.StartsAt);
            Assert.Equal(start.AddMinutes(150), session.JoinTokenExpiresAt);
            Assert.Equal(ClientPageStage.Ended, lastMoment?.Stage);
            Assert.Null(expired);
        }
    }

    [Fact]
    public async Task OpenClientPage_RecordingPublishedLongerThanTheLink_ValidUntilPublishedUntil()
    {
        // Arrange
        var (id, token) = await ScheduleAsync();
        var expires = _h.Load(id).JoinTokenExpiresAt;
        Update(id, s => s.RecordingPublishedUntil = expires.AddDays(7));

        // Act
        _h.Clock.SetUtcNow(expires.AddDays(6));
        var whilePublished = await _h.Service.OpenClientPageAsync(token);
        _h.Clock.SetUtcNow(expires.AddDays(7));
        var afterPublished = await _h.Service.OpenClientPageAsync(token);

        // Assert
        Assert.Equal(ClientPageStage.Ended, whilePublished?.Stage);
        Assert.Null(afterPublished);
    }

    [Fact]
    public async Task OpenClientPage_RecordingPublishedShorterThanTheLink_LinkKeepsItsOwnEnd()
    {
        // Arrange
        var (id, token) = await ScheduleAsync();
        var expires = _h.Load(id).JoinTokenExpiresAt;
        Update(id, s => s.RecordingPublishedUntil = expires.AddHours(-5));

        // Act
        _h.Clock.SetUtcNow(expires.AddMinutes(-1));
        var view = await _h.Service.OpenClientPageAsync(token);

        // Assert
        Assert.NotNull(view);
    }

    [Fact]
    public async Task JoinFromClientPage_BeforeTheLeadTime_NullAndNothingRecorded_FromTheLeadTimeJoinUrlAndClickRecorded()
    {
        // Arrange: the session starts in 24 hours; "Join now" opens 10 minutes before (the default).
        var (id, token) = await ScheduleAsync();
        var session = _h.Load(id);
        _h.Actor.Actor = Actor.Anonymous;

        // Act
        _h.Clock.SetUtcNow(session.StartsAt.AddMinutes(-10).AddSeconds(-1));
        var early = await _h.Service.JoinFromClientPageAsync(token);
        var earlyView = await _h.Service.OpenClientPageAsync(token);
        _h.Clock.SetUtcNow(session.StartsAt.AddMinutes(-10));
        var onTime = await _h.Service.JoinFromClientPageAsync(token);
        var onTimeView = await _h.Service.OpenClientPageAsync(token);

        // Assert
        Assert.Null(early);
        Assert.Equal(ClientPageStage.Upcoming, earlyView!.Stage);
        Assert.Equal(session.StartsAt.AddMinutes(-10), earlyView.NextChange);
        Assert.Equal(session.JoinUrl, onTime);
        Assert.Equal(ClientPageStage.JoinOpen, onTimeView!.Stage);
        await using var db = _h.DbFactory.CreateDbContext();
        var click = await db.SessionJoinClicks.SingleAsync();
        Assert.Equal(id, click.SessionId);
        Assert.Equal(session.StartsAt.AddMinutes(-10), click.ClickedAt);
        Assert.Single(_h.AuditActions(), a => a == SessionAuditActions.JoinLinkUsed);
    }

    [Fact]
    public async Task JoinFromClientPage_LeadTimeConfigured_OpensThatLongBefore()
    {
        // Arrange
        _h.SessionsOptions.JoinOpensBefore = TimeSpan.FromMinutes(30);
        var (id, token) = await ScheduleAsync();
        var startsAt = _h.Load(id).StartsAt;

        // Act
        _h.Clock.SetUtcNow(startsAt.AddMinutes(-30));
        var joinUrl = await _h.Service.JoinFromClientPageAsync(token);

        // Assert
        Assert.NotNull(joinUrl);
    }

    [Fact]
    public async Task JoinFromClientPage_AfterTheEnd_NullAndPageSaysEnded()
    {
        // Arrange
        var (id, token) = await ScheduleAsync();
        _h.Clock.SetUtcNow(_h.Load(id).EndsAt);

        // Act
        var joinUrl = await _h.Service.JoinFromClientPageAsync(token);
        var view = await _h.Service.OpenClientPageAsync(token);

        // Assert
        Assert.Null(joinUrl);
        Assert.Equal(ClientPageStage.Ended, view!.Stage);
    }

    [Fact]
    public async Task OpenClientPage_Cancelled_SaysCancelledAndJoinRefused()
    {
        // Arrange
        var (id, token) = await ScheduleAsync(hoursFromNow: 1);
        await _h.Service.CancelAsync(id);
        _h.Clock.SetUtcNow(_h.Load(id).StartsAt);

        // Act
        var view = await _h.Service.OpenClientPageAsync(token);
        var joinUrl = await _h.Service.JoinFromClientPageAsync(token);

        // Assert
        Assert.Equal(ClientPageStage.Cancelled, view!.Stage);
        Assert.Null(joinUrl);
    }

    [Fact]
    public async Task OpenClientPage_Rescheduled_SaysWhereFromAndTheLinkStaysTheSame()
    {
        // Arrange
        var (id, token) = await ScheduleAsync();
        var before = _h.Load(id).StartsAt;
        var moved = before.AddDays(1);

        // Act
        var result = await _h.Service.RescheduleAsync(id, new RescheduleSessionRequest
        {
            StartDate = moved.UtcDateTime.Date, StartTime = moved.UtcDateTime.TimeOfDay, TimeZone = "UTC", DurationMinutes = 60, Topic = "Essay review",
        });
        var view = await _h.Service.OpenClientPageAsync(token);

        // Assert
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(before, view!.MovedFrom);
        Assert.Equal(moved, view.StartsAt);
        Assert.Equal(token, await _h.Service.GetJoinTokenAsync(id));
    }

    [Fact]
    public async Task OpenClientPage_HostGotAStartLink_SaysHostStarted_HostIsRecognisedAnonymousIsNot()
    {
        // Arrange: Terry starts his session five minutes before it begins.
        var (id, token) = await ScheduleAsync();
        _h.Clock.SetUtcNow(_h.Load(id).StartsAt.AddMinutes(-5));
        _h.Actor.Set(Roles.Teacher, TerryEmail);
        var start = await _h.Service.GetStartLinkAsync(id);

        // Act
        var forHost = await _h.Service.OpenClientPageAsync(token);
        _h.Actor.Actor = Actor.Anonymous;
        var forClient = await _h.Service.OpenClientPageAsync(token);

        // Assert
        Assert.True(start.Succeeded, start.Message);
        Assert.True(forHost!.ViewerIsHost);
        Assert.False(forClient!.ViewerIsHost);
        Assert.Equal(ClientPageStage.HostStarted, forClient.Stage);
        Assert.Equal("Terry Teacher", forClient.HostName);
    }

    [Fact]
    public async Task ClientCalendar_ScheduledSession_EventWithTheLinkAsUrl_CancelledNull()
    {
        // Arrange
        var (id, token) = await ScheduleAsync();
        var link = new Uri("https://portal.example.edu/join/" + token);
        var session = _h.Load(id);

        // Act
        var ics = await _h.Service.ClientCalendarAsync(token, link);
        await _h.Service.CancelAsync(id);
        var afterCancel = await _h.Service.ClientCalendarAsync(token, link);

        // Assert
        var properties = SessionCalendarTests.Parse(ics!);
        Assert.Equal(session.StartsAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'"), properties["DTSTART"]);
        Assert.Equal(link.AbsoluteUri, properties["URL"]);
        Assert.Null(afterCancel);
    }

    [Fact]
    public async Task ClientCalendar_HostChangedByRecreatingTheMeetingThenMoved_SameUidAndAHigherSequence()
    {
        // Arrange: a calendar that holds the first file must recognise the later one as the same event, newer.
        var (id, token) = await ScheduleAsync();
        var link = new Uri("https://portal.example.edu/join/" + token);
        var first = SessionCalendarTests.Parse((await _h.Service.ClientCalendarAsync(token, link))!);
        var tess = (await _h.Service.ListSchedulableStaffAsync()).Single(o => o.Name == "Tess Tutor").Id;
        _h.Zoom.Fail(nameof(IZoomMeetings.UpdateMeetingAsync), new ZoomApiException(HttpStatusCode.BadRequest, ZoomErrorCodes.MeetingCreateConstraint, "schedule_for not allowed"));
        _h.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.True((await _h.Service.ChangeHostAsync(id, tess)).Succeeded);
        var later = _h.Load(id).StartsAt.AddHours(2);
        _h.Clock.Advance(TimeSpan.FromMinutes(3));

        // Act
        Assert.True((await _h.Service.RescheduleAsync(id, new RescheduleSessionRequest
        {
            StartDate = later.UtcDateTime.Date, StartTime = later.UtcDateTime.TimeOfDay, TimeZone = "UTC", DurationMinutes = 60, Topic = "Essay review",
        })).Succeeded);
        var moved = SessionCalendarTests.Parse((await _h.Service.ClientCalendarAsync(token, link))!);

        // Assert
        Assert.Equal(first["UID"], moved["UID"]);
        Assert.True(int.Parse(moved["SEQUENCE"]) > int.Parse(first.GetValueOrDefault("SEQUENCE", "0")), "SEQUENCE must grow");
        Assert.Equal(later.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'"), moved["DTSTART"]);
    }

    [Fact]
    public async Task ListSchedulableStaff_MappingStatuses_WhoCannotHostMarkedWithTheReason()
    {
        // Arrange
        _h.AddStaff("Bea Basic", "bea@x.edu", "zu-bea", Portal.Core.Features.Staff.MappingStatus.Basic);
        _h.AddStaff("Pat Pending", "pat@x.edu", "zu-pat", Portal.Core.Features.Staff.MappingStatus.Pending);
        _h.AddStaff("Dee Deactivated", "dee@x.edu", "zu-dee", Portal.Core.Features.Staff.MappingStatus.Deactivated);
        _h.AddStaff("Nina Notinzoom", "nina@x.edu", null, Portal.Core.Features.Staff.MappingStatus.NotInZoom);

        // Act
        var options = (await _h.Service.ListSchedulableStaffAsync()).ToDictionary(o => o.Name);

        // Assert
        Assert.True(options["Terry Teacher"].Selectable);
        Assert.Null(options["Terry Teacher"].HostWarning);
        Assert.True(options["Bea Basic"].Selectable);
        Assert.Equal("Basic: Zoom ends their meetings after 40 minutes", options["Bea Basic"].HostWarning);
        Assert.False(options["Pat Pending"].Selectable);
        Assert.StartsWith("Pending", options["Pat Pending"].CannotHost);
        Assert.StartsWith("Deactivated", options["Dee Deactivated"].CannotHost);
        Assert.StartsWith("Not in Zoom", options["Nina Notinzoom"].CannotHost);
    }
}
