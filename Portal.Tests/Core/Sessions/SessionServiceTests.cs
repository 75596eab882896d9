using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Sessions;

public sealed class SessionServiceTests : IAsyncLifetime
{
    private readonly SessionTestHarness _h = new();
    private int _terry;
    private int _tess;

    public Task InitializeAsync()
    {
        _h.Zoom.AddUser("zu-terry", "terry.teacher@writing.example.edu");
        _h.Zoom.AddUser("zu-tess", "tess.tutor@writing.example.edu");
        _terry = _h.AddStaff("Terry Teacher", "terry.teacher@writing.example.edu", "zu-terry");
        _tess = _h.AddStaff("Tess Tutor", "tess.tutor@writing.example.edu", "zu-tess");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Schedule_Valid_CreatesMeetingSavesSessionWithHashedTokenAndAudits()
    {
        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));

        Assert.True(result.Succeeded, result.Message);
        var session = _h.Load(result.SessionId!.Value);
        Assert.Single(_h.Zoom.Meetings);
        Assert.Equal(_h.Zoom.Meetings.Keys.Single(), session.ZoomMeetingId);
        Assert.Equal("zu-terry", session.ZoomHostUserId);
        Assert.Equal(JoinTokens.Hash(result.JoinToken!), session.JoinTokenHash);
        Assert.NotEqual(result.JoinToken, session.JoinTokenHash);
        Assert.Equal(session.EndsAt.AddHours(1), session.JoinTokenExpiresAt);
        Assert.True(result.JoinToken!.Length >= 43);
        Assert.Contains("session.scheduled", _h.AuditActions());
    }

    [Fact]
    public async Task Schedule_InPast_RefusedBeforeAnyZoomCall()
    {
        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, hoursFromNow: -1));

        Assert.Equal(SessionRefusal.InPast, result.Refusal);
        Assert.Empty(_h.Zoom.Calls);
    }

    [Fact]
    public async Task Schedule_Overlap_RefusedWithTheClash()
    {
        await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, "First"));

        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, "Second") is var r ? WithStart(r, 24.5) : r);

        Assert.Equal(SessionRefusal.Overlap, result.Refusal);
        Assert.Contains("First", result.Message);
        Assert.Single(_h.Zoom.Meetings);
    }

    [Fact]
    public async Task Schedule_AdjacentToAnotherSession_IsNoOverlap()
    {
        await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, "First"));

        var result = await _h.Service.ScheduleAsync(WithStart(SessionTestHarness.Request(_terry, "Second"), 25));

        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task Schedule_StaleMappingAndNoZoomUser_RefusedAfterRecheck()
    {
        var nina = _h.AddStaff("Nina", "nina.notinzoom@writing.example.edu", "zu-gone", checkedAt: SessionTestHarness.Now.AddDays(-3));

        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(nina));

        Assert.Equal(SessionRefusal.NoZoomUser, result.Refusal);
        Assert.Contains(nameof(IZoomUsers.GetUserAsync), _h.Zoom.Calls);
        Assert.DoesNotContain(nameof(IZoomMeetings.CreateMeetingAsync), _h.Zoom.Calls);
    }

    [Fact]
    public async Task Schedule_MappingNotReady_RechecksAndUsesActiveUser()
    {
        _h.Zoom.AddUser("zu-pat", "pat@writing.example.edu");
        var pat = _h.AddStaff("Pat", "pat@writing.example.edu", null, MappingStatus.NotChecked);

        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(pat));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("zu-pat", _h.Load(result.SessionId!.Value).ZoomHostUserId);
    }

    [Fact]
    public async Task Schedule_DeactivatedZoomUser_Refused()
    {
        _h.Zoom.AddUser("zu-dee", "dee@writing.example.edu", status: ZoomUserStatus.Inactive);
        var dee = _h.AddStaff("Dee", "dee@writing.example.edu", "zu-dee", MappingStatus.Deactivated);

        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(dee));

        Assert.Equal(SessionRefusal.NoZoomUser, result.Refusal);
        Assert.Contains("deactivated", result.Message);
    }

    [Theory]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Director, false)]
    public async Task Schedule_BasicHostOver40Minutes_RefusedAndOffersLicenceOnlyToAdmins(string role, bool offered)
    {
        _h.Zoom.AddUser("zu-bea", "bea.basic@writing.example.edu", ZoomUserType.Basic);
        var bea = _h.AddStaff("Bea Basic", "bea.basic@writing.example.edu", "zu-bea", MappingStatus.Basic);
        _h.Actor.Set(role, "someone@writing.example.edu");

        var longOne = await _h.Service.ScheduleAsync(SessionTestHarness.Request(bea, minutes: 60));
        var shortOne = await _h.Service.ScheduleAsync(SessionTestHarness.Request(bea, minutes: 40));

        Assert.Equal(SessionRefusal.BasicTooLong, longOne.Refusal);
        Assert.Equal(offered, longOne.OfferLicence);
        Assert.True(shortOne.Succeeded, shortOne.Message);
    }

    [Fact]
    public async Task AssignLicence_Admin_MakesHostLicensedSoLongSessionWorks()
    {
        _h.Zoom.AddUser("zu-bea", "bea.basic@writing.example.edu", ZoomUserType.Basic);
        var bea = _h.AddStaff("Bea Basic", "bea.basic@writing.example.edu", "zu-bea", MappingStatus.Basic, SessionTestHarness.Now.AddDays(-2));
        _h.Actor.Set(Roles.Admin, "ada.admin@writing.example.edu");

        var assigned = await _h.Service.AssignLicenceAsync(bea);
        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(bea, minutes: 60));

        Assert.True(assigned.Succeeded, assigned.Message);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((int)ZoomUserType.Licensed, _h.Zoom.Users["zu-bea"].Type);
    }

    [Fact]
    public async Task AssignLicence_Director_NotAllowed()
    {
        var result = await _h.Service.AssignLicenceAsync(_terry);

        Assert.Equal(SessionRefusal.NotAllowed, result.Refusal);
    }

    [Fact]
    public async Task Schedule_TeacherForAnotherTeacher_NotAllowed_ForThemselves_Allowed()
    {
        _h.Actor.Set(Roles.Teacher, "terry.teacher@writing.example.edu", "Terry Teacher");

        var other = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_tess));
        var own = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));

        Assert.Equal(SessionRefusal.NotAllowed, other.Refusal);
        Assert.True(own.Succeeded, own.Message);
        Assert.Equal([new StaffOption(_terry, "Terry Teacher", "terry.teacher@writing.example.edu")], await _h.Service.ListSchedulableStaffAsync());
    }

    [Fact]
    public async Task Schedule_CreateTimesOutButMeetingExists_FoundByLookupWithoutSecondCreate()
    {
        _h.Zoom.TimeoutAfterCreating = true;
        _h.Zoom.Fail(nameof(IZoomMeetings.CreateMeetingAsync), new ZoomUnavailableException("timed out"));

        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));

        Assert.True(result.Succeeded, result.Message);
        Assert.Single(_h.Zoom.Meetings);
        Assert.Equal(1, _h.Zoom.Calls.Count(c => c == nameof(IZoomMeetings.CreateMeetingAsync)));
        Assert.Contains(nameof(IZoomMeetings.ListUpcomingMeetingsAsync), _h.Zoom.Calls);
        Assert.Equal(_h.Zoom.Meetings.Keys.Single(), _h.Load(result.SessionId!.Value).ZoomMeetingId);
    }

    [Fact]
    public async Task Schedule_CreateTimesOutAndMeetingMissing_RetriesOnce()
    {
        _h.Zoom.Fail(nameof(IZoomMeetings.CreateMeetingAsync), new ZoomUnavailableException("timed out"));

        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, _h.Zoom.Calls.Count(c => c == nameof(IZoomMeetings.CreateMeetingAsync)));
        Assert.Single(_h.Zoom.Meetings);
    }

    [Fact]
    public async Task Schedule_HostDailyLimit_ClearMessageWithResetTime()
    {
        _h.Zoom.Fail(nameof(IZoomMeetings.CreateMeetingAsync),
            new ZoomRateLimitException("daily", ZoomRateCategory.Light, daily: true, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)));

        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));

        Assert.Equal(ZoomRefusalKind.DailyLimit, result.Zoom?.Kind);
        Assert.Contains("2026-11-26 00:00 UTC", result.Message);
        Assert.Contains("Terry Teacher", result.Message);
        Assert.Empty(_h.Zoom.Meetings);
    }

    [Fact]
    public async Task Schedule_SaveFails_MeetingDeletedAgainAndNothingSaved()
    {
        await _h.Database.FailInsertsAsync("Sessions");

        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));

        Assert.Equal(SessionRefusal.SaveFailed, result.Refusal);
        Assert.Empty(_h.Zoom.Meetings);
        Assert.Contains(nameof(IZoomMeetings.DeleteMeetingAsync), _h.Zoom.Calls);
        await using var check = _h.DbFactory.CreateDbContext();
        Assert.Equal(0, await check.Sessions.CountAsync());
        Assert.Contains("session.schedule-rolled-back", _h.AuditActions());
    }

    [Fact]
    public async Task Schedule_InvalidRequest_RefusedByValidator()
    {
        var request = SessionTestHarness.Request(_terry);
        request.ClientEmail = "not-an-email";
        request.TimeZone = "Mars/Olympus";

        var result = await _h.Service.ScheduleAsync(request);

        Assert.Equal(SessionRefusal.Invalid, result.Refusal);
        Assert.Contains("valid e-mail", result.Message);
        Assert.Contains("time zone", result.Message);
    }

    [Fact]
    public async Task Schedule_LocalTimeZone_StoredAsUtc()
    {
        var request = SessionTestHarness.Request(_terry);
        request.StartDate = new DateTime(2026, 12, 1);
        request.StartTime = new TimeSpan(14, 0, 0);
        request.TimeZone = "Europe/Berlin";

        var result = await _h.Service.ScheduleAsync(request);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero), _h.Load(result.SessionId!.Value).StartsAt);
        Assert.Equal("Europe/Berlin", _h.Zoom.Meetings.Values.Single().TimeZone);
    }

    [Fact]
    public async Task StartLink_Host_FreshLinkEveryTime_DirectorRefused_OtherTeacherNotFound()
    {
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;

        var director = await _h.Service.GetStartLinkAsync(id);
        _h.Actor.Set(Roles.Teacher, "tess.tutor@writing.example.edu");
        var otherTeacher = await _h.Service.GetStartLinkAsync(id);
        _h.Actor.Set(Roles.Teacher, "terry.teacher@writing.example.edu");
        var first = await _h.Service.GetStartLinkAsync(id);
        var second = await _h.Service.GetStartLinkAsync(id);

        Assert.Equal(SessionRefusal.NotAllowed, director.Refusal);
        Assert.Equal(SessionRefusal.NotFound, otherTeacher.Refusal);
        Assert.NotNull(first.StartUrl);
        Assert.NotEqual(first.StartUrl, second.StartUrl);
        Assert.Equal(2, _h.Zoom.Calls.Count(c => c == nameof(IZoomMeetings.GetMeetingAsync)));
    }

    [Fact]
    public async Task StartLink_MeetingGoneInZoom_MarkedDeletedInZoom()
    {
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;
        _h.Zoom.Meetings.Clear();
        _h.Actor.Set(Roles.Teacher, "terry.teacher@writing.example.edu");

        var result = await _h.Service.GetStartLinkAsync(id);

        Assert.Equal(SessionRefusal.DeletedInZoom, result.Refusal);
        Assert.Equal(SessionState.DeletedInZoom, _h.Load(id).State);
    }

    [Fact]
    public async Task Get_OtherTeachersSession_Null_ListShowsOnlyOwn()
    {
        var terrys = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;
        var tesss = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_tess))).SessionId!.Value;
        _h.Actor.Set(Roles.Teacher, "tess.tutor@writing.example.edu");

        Assert.Null(await _h.Service.GetAsync(terrys));
        Assert.NotNull(await _h.Service.GetAsync(tesss));
        var list = await _h.Service.ListAsync(new SessionQuery { Mine = false });
        Assert.Equal([tesss], list.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task List_UpcomingPastAndPaging()
    {
        for (var i = 0; i < 5; i++)
        {
            await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, $"S{i}", hoursFromNow: 2 + (i * 2)));
        }
        _h.Clock.SetUtcNow(SessionTestHarness.Now.AddHours(6.5));

        var upcoming = await _h.Service.ListAsync(new SessionQuery { When = SessionTimeFilter.Upcoming, Take = 2 });
        var past = await _h.Service.ListAsync(new SessionQuery { When = SessionTimeFilter.Past });
        var staffFilter = await _h.Service.ListAsync(new SessionQuery { When = SessionTimeFilter.All, StaffMemberId = _tess });

        Assert.Equal(3, upcoming.Total);
        Assert.Equal(["S2", "S3"], upcoming.Items.Select(i => i.Topic));
        Assert.Equal(["S1", "S0"], past.Items.Select(i => i.Topic));
        Assert.Equal(0, staffFilter.Total);
    }

    [Fact]
    public async Task Reschedule_UpdatesZoomAndTokenExpiry()
    {
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;
        var later = SessionTestHarness.Now.AddDays(3);

        var result = await _h.Service.RescheduleAsync(id, new RescheduleSessionRequest
        {
            StartDate = later.UtcDateTime.Date, StartTime = later.UtcDateTime.TimeOfDay, TimeZone = "UTC", DurationMinutes = 90, Topic = "Thesis",
        });

        Assert.True(result.Succeeded, result.Message);
        var meeting = _h.Zoom.Meetings.Values.Single();
        Assert.Equal(later, meeting.StartTime);
        Assert.Equal(90, meeting.Duration);
        Assert.Equal(later.AddMinutes(90 + 60), _h.Load(id).JoinTokenExpiresAt);
    }

    [Fact]
    public async Task Cancel_MeetingAlreadyGone_ShownAsDeletedInZoomNotError()
    {
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;
        _h.Zoom.Meetings.Clear();

        var result = await _h.Service.CancelAsync(id);

        Assert.True(result.Succeeded);
        Assert.Contains("already been deleted in Zoom", result.Message);
        Assert.Equal(SessionState.DeletedInZoom, _h.Load(id).State);
    }

    [Fact]
    public async Task ChangeHost_InPlace_KeepsMeetingAndJoinUrl()
    {
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;
        var before = _h.Load(id);

        var result = await _h.Service.ChangeHostAsync(id, _tess);

        var after = _h.Load(id);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(before.ZoomMeetingId, after.ZoomMeetingId);
        Assert.Equal(before.JoinUrl, after.JoinUrl);
        Assert.Equal(_tess, after.StaffMemberId);
        Assert.Equal("zu-tess", _h.Zoom.Meetings[after.ZoomMeetingId].HostId);
    }

    [Fact]
    public async Task ChangeHost_ZoomRefusesScheduleFor_RecreatedAndTheSessionsLinkJoinsTheNewMeeting()
    {
        // Arrange
        var scheduled = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));
        var id = scheduled.SessionId!.Value;
        var before = _h.Load(id);
        _h.Zoom.Fail(nameof(IZoomMeetings.UpdateMeetingAsync), new ZoomApiException(HttpStatusCode.BadRequest, ZoomErrorCodes.MeetingCreateConstraint, "schedule_for not allowed"));

        // Act
        var result = await _h.Service.ChangeHostAsync(id, _tess);
        _h.Clock.SetUtcNow(before.StartsAt);
        var joinUrl = await _h.Service.JoinFromClientPageAsync(scheduled.JoinToken!);

        // Assert
        var after = _h.Load(id);
        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("The session's link stays the same", result.Message);
        Assert.DoesNotContain("new join link", result.Message);
        Assert.NotEqual(before.ZoomMeetingId, after.ZoomMeetingId);
        Assert.Equal(after.JoinUrl, joinUrl);
        Assert.NotEqual(before.JoinUrl, joinUrl);
        Assert.False(_h.Zoom.Meetings.ContainsKey(before.ZoomMeetingId));
        Assert.Equal("zu-tess", _h.Zoom.Meetings[after.ZoomMeetingId].HostId);
    }

    [Fact]
    public async Task ChangeHost_Teacher_NotAllowed()
    {
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;
        _h.Actor.Set(Roles.Teacher, "terry.teacher@writing.example.edu");

        Assert.Equal(SessionRefusal.NotAllowed, (await _h.Service.ChangeHostAsync(id, _tess)).Refusal);
    }

    [Fact]
    public async Task HostCheckJob_DeactivatedHost_StoresWarningAndRaisesDirectorAlert()
    {
        var soon = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, hoursFromNow: 1))).SessionId!.Value;
        var later = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, hoursFromNow: 30))).SessionId!.Value;
        _h.Zoom.AddUser("zu-terry", "terry.teacher@writing.example.edu", status: ZoomUserStatus.Inactive);
        var job = new SessionHostCheckJob(_h.DbFactory, _h.HostCheck, _h.HostAlerts, Options.Create(_h.SessionsOptions), _h.Clock);

        var summary = await job.RunAsync(new JobContext(null, new Progress<JobProgress>(), "test"), CancellationToken.None);
        var alerts = await new SessionHostAlertSource(_h.DbFactory, _h.Clock).GetAlertsAsync(_h.Actor.Actor, CancellationToken.None);
        var teacherAlerts = await new SessionHostAlertSource(_h.DbFactory, _h.Clock).GetAlertsAsync(
            new Actor("t", "x", "terry.teacher@writing.example.edu", new HashSet<string> { Roles.Teacher }), CancellationToken.None);

        Assert.Equal("1 upcoming session checked, 1 with a host problem.", summary);
        Assert.Contains("inactive", _h.Load(soon).HostWarning);
        Assert.Null(_h.Load(later).HostWarning);
        Assert.Single(alerts);
        Assert.Equal($"/sessions/{soon}", alerts[0].Link);
        Assert.Empty(teacherAlerts);
    }

    [Fact]
    public async Task HostCheck_HostLostLicence_WarnsAboutFortyMinutes()
    {
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, hoursFromNow: 1))).SessionId!.Value;
        _h.Zoom.AddUser("zu-terry", "terry.teacher@writing.example.edu", ZoomUserType.Basic);

        var warning = await _h.Service.CheckHostAsync(id);

        Assert.Contains("40 minutes", warning);
    }

    private static ScheduleSessionRequest WithStart(ScheduleSessionRequest r, double hoursFromNow)
    {
        var at = SessionTestHarness.Now.AddHours(hoursFromNow).UtcDateTime;
        r.StartDate = at.Date;
        r.StartTime = at.TimeOfDay;
        return r;
    }
}
