using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using static Portal.Tests.Integration.Sessions.SessionsSandboxSeed;

namespace Portal.Tests.Integration.Sessions;

/// <summary>Sessions end to end: the real service, Zoom client and database against the in-process Zoom sandbox.</summary>
public sealed class SessionsSandboxTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static int s_slot;
    private ZoomSandboxControl Control => factory.Services.GetRequiredService<ZoomSandboxControl>();

    /// <summary>A start time no other test uses (sessions of one host must not overlap).</summary>
    private DateTimeOffset NextSlot()
    {
        var today = new DateTimeOffset(factory.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        return today.AddDays(2).AddHours(2 * Interlocked.Increment(ref s_slot));
    }

    private async Task<(Seeded Seed, ZoomTarget Target, IZoomMeetings Zoom)> ArrangeAsync()
    {
        var seed = await EnsureAsync(factory);
        var target = await factory.Services.GetRequiredService<IZoomTargetResolver>().ResolveAsync(seed.ConnectionId);
        return (seed, target, factory.Services.GetRequiredService<IZoomMeetings>());
    }

    private async Task<(long Id, string Token, Session Session)> ScheduleAsync(Seeded seed, string host = Terry, string topic = "Essay review", int minutes = 60)
    {
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        using (scope)
        {
            var result = await service.ScheduleAsync(Request(seed.StaffIds[host], topic, NextSlot(), minutes));
            Assert.True(result.Succeeded, result.Message);
            return (result.SessionId!.Value, result.JoinToken!, await LoadAsync(result.SessionId!.Value));
        }
    }

    private async Task<Session> LoadAsync(long id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    private int Creates => Control.RequestCount("POST", "/users/{userId}/meetings");

    [Fact]
    public async Task Schedule_Sandbox_CreatesMeetingHostedByTheStaffMembersZoomUser()
    {
        var (seed, target, zoom) = await ArrangeAsync();
        var before = Control.MeetingCount(Terry);

        var (_, _, session) = await ScheduleAsync(seed, topic: "Create test");

        var meeting = await zoom.GetMeetingAsync(target, session.ZoomMeetingId);
        Assert.Equal(before + 1, Control.MeetingCount(Terry));
        Assert.NotNull(meeting);
        Assert.Equal(seed.ZoomUserIds[Terry], meeting.HostId);
        Assert.Equal("Create test", meeting.Topic);
        Assert.Contains("/_zoom-sandbox/j/", session.JoinUrl);
    }

    [Fact]
    public async Task Reschedule_Sandbox_UpdatesTheZoomMeeting()
    {
        var (seed, target, zoom) = await ArrangeAsync();
        var (id, _, session) = await ScheduleAsync(seed, topic: "Reschedule test");
        var later = NextSlot();
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);

        using (scope)
        {
            var result = await service.RescheduleAsync(id, new RescheduleSessionRequest
            {
                StartDate = later.UtcDateTime.Date, StartTime = later.UtcDateTime.TimeOfDay, TimeZone = "UTC", DurationMinutes = 45, Topic = "Rescheduled",
            });
            Assert.True(result.Succeeded, result.Message);
        }

        var meeting = await zoom.GetMeetingAsync(target, session.ZoomMeetingId);
        Assert.Equal(later, meeting!.StartTime);
        Assert.Equal(45, meeting.Duration);
        Assert.Equal("Rescheduled", meeting.Topic);
    }

    [Fact]
    public async Task ChangeHost_ZoomAccepts_SameMeetingIdAndJoinLinkNewHost()
    {
        var (seed, target, zoom) = await ArrangeAsync();
        var (id, token, before) = await ScheduleAsync(seed, topic: "Host in place");
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);

        using (scope)
        {
            var result = await service.ChangeHostAsync(id, seed.StaffIds[Tess]);
            Assert.True(result.Succeeded, result.Message);
            }

        var after = await LoadAsync(id);
        var meeting = await zoom.GetMeetingAsync(target, after.ZoomMeetingId);
        Assert.Equal(before.ZoomMeetingId, after.ZoomMeetingId);
        Assert.Equal(before.JoinUrl, after.JoinUrl);
        Assert.Equal(seed.ZoomUserIds[Tess], meeting!.HostId);
        Assert.Equal(seed.StaffIds[Tess], after.StaffMemberId);
        using var anonymous = factory.CreatePortalClient();
        using var join = await anonymous.GetAsync($"/join/{token}");
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        Assert.Contains("Tess Tutor", await join.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ChangeHost_ZoomRefusesScheduleFor_RecreatedUnderNewHostOldMeetingDeleted()
    {
        var (seed, target, zoom) = await ArrangeAsync();
        var (id, _, before) = await ScheduleAsync(seed, topic: "Host recreated");
        Control.InjectError("PATCH", "/meetings/", 400, 3000, "You can not schedule meetings for this user.", 1);
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);

        SessionResult result;
        using (scope)
        {
            result = await service.ChangeHostAsync(id, seed.StaffIds[Tess]);
        }

        var after = await LoadAsync(id);
        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("The session's link stays the same", result.Message);
        Assert.NotEqual(before.ZoomMeetingId, after.ZoomMeetingId);
        Assert.NotEqual(before.JoinUrl, after.JoinUrl);
        Assert.Null(await zoom.GetMeetingAsync(target, before.ZoomMeetingId));
        Assert.Equal(seed.ZoomUserIds[Tess], (await zoom.GetMeetingAsync(target, after.ZoomMeetingId))!.HostId);
    }

    [Fact]
    public async Task Cancel_Sandbox_DeletesMeeting_AndOneAlreadyGoneIsShownAsDeletedInZoom()
    {
        var (seed, target, zoom) = await ArrangeAsync();
        var (first, _, firstSession) = await ScheduleAsync(seed, topic: "Cancel me");
        var (second, _, secondSession) = await ScheduleAsync(seed, topic: "Gone already");
        await zoom.DeleteMeetingAsync(target, secondSession.ZoomMeetingId);
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);

        SessionResult cancelled, gone;
        using (scope)
        {
            cancelled = await service.CancelAsync(first);
            gone = await service.CancelAsync(second);
        }

        Assert.True(cancelled.Succeeded, cancelled.Message);
        Assert.Null(await zoom.GetMeetingAsync(target, firstSession.ZoomMeetingId));
        Assert.Equal(SessionState.Cancelled, (await LoadAsync(first)).State);
        Assert.True(gone.Succeeded, gone.Message);
        Assert.Equal(SessionState.DeletedInZoom, (await LoadAsync(second)).State);
    }

    [Fact]
    public async Task Start_Host_RedirectsToAFreshStartLinkEveryTime()
    {
        var (seed, _, _) = await ArrangeAsync();
        var (id, _, session) = await ScheduleAsync(seed, topic: "Start test");
        using var terry = factory.CreatePortalClient();
        await terry.SignInAsync("teacher");
        var gets = Control.RequestCount("GET", "/meetings/{meetingId}");

        using var first = await terry.GetAsync($"/sessions/{id}/start");
        using var second = await terry.GetAsync($"/sessions/{id}/start");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains($"/_zoom-sandbox/s/{session.ZoomMeetingId}?zak=", first.Headers.Location!.ToString());
        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.Equal(gets + 2, Control.RequestCount("GET", "/meetings/{meetingId}"));
    }

    [Fact]
    public async Task Start_ZoomDailyLimit_SessionPageShowsTheReasonAndTheFix()
    {
        // Arrange
        var (seed, _, _) = await ArrangeAsync();
        var (id, _, _) = await ScheduleAsync(seed, topic: "Start over the limit");
        using var terry = factory.CreatePortalClient();
        await terry.SignInAsync("teacher");
        Control.InjectError("GET", "/meetings/", 429, 429, "You have reached the maximum daily rate limit for this API.");

        // Act
        using var start = await terry.GetAsync($"/sessions/{id}/start");
        var page = await terry.SeenAsync(start.Headers.Location!.ToString(), "daily limit is used up");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.EndsWith($"/sessions/{id}?start=DailyLimit", start.Headers.Location!.ToString());
        Assert.Contains("Zoom's daily limit is used up.", page);
        Assert.Contains("UTC, when Zoom resets it.", page);
    }

    [Fact]
    public async Task Start_DirectorNotHost_Forbidden_OtherTeacher_NotFound()
    {
        var (seed, _, _) = await ArrangeAsync();
        var (id, _, _) = await ScheduleAsync(seed, topic: "Not yours");
        using var director = factory.CreatePortalClient();
        using var tess = factory.CreatePortalClient();
        await director.SignInAsync("director");
        await tess.SignInAsync("teacher2");

        using var directorStart = await director.GetAsync($"/sessions/{id}/start");
        using var tessStart = await tess.GetAsync($"/sessions/{id}/start");

        Assert.Equal(HttpStatusCode.Forbidden, directorStart.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tessStart.StatusCode);
        Assert.Null(directorStart.Headers.Location);
    }

    [Fact]
    public async Task SessionPage_OtherTeacherSeesNothing_DirectorSeesNoStart_HostSeesStart()
    {
        var (seed, _, _) = await ArrangeAsync();
        var (id, _, _) = await ScheduleAsync(seed, topic: "Private topic 7731");
        using var director = factory.CreatePortalClient();
        using var tess = factory.CreatePortalClient();
        using var terry = factory.CreatePortalClient();
        await director.SignInAsync("director");
        await tess.SignInAsync("teacher2");
        await terry.SignInAsync("teacher");

        var tessPage = await tess.SeenAsync($"/sessions/{id}", "Session not found");
        var directorPage = await director.SeenAsync($"/sessions/{id}", "Private topic 7731");
        var terryPage = await terry.SeenAsync($"/sessions/{id}", "Private topic 7731");
        var tessList = await tess.SeenAsync("/sessions/mine", "No upcoming sessions match these filters.");
        using var tessCenterList = await tess.GetAsync("/sessions");

        Assert.Contains("Session not found", tessPage);
        Assert.DoesNotContain("Private topic 7731", tessPage);
        Assert.DoesNotContain("Private topic 7731", tessList);
        Assert.Equal(HttpStatusCode.Forbidden, tessCenterList.StatusCode);
        Assert.Contains("Private topic 7731", directorPage);
        Assert.DoesNotContain("id=\"start-session\"", directorPage);
        Assert.Contains("start-host-only", directorPage);
        Assert.Contains("id=\"start-session\"", terryPage);
    }

    [Fact]
    public async Task Join_ValidToken_ClientPageWithoutZoomUrl_WrongAndExpiredRevealNothing()
    {
        // Arrange
        var (seed, _, _) = await ArrangeAsync();
        var (_, token, session) = await ScheduleAsync(seed, topic: "Secret topic 4410");
        var (_, expiredToken, _) = await ScheduleAsync(seed, host: Tess, topic: "Expired topic 5520");
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var hash = JoinTokens.Hash(expiredToken);
            var expired = await db.Sessions.SingleAsync(s => s.JoinTokenHash == hash);
            expired.JoinTokenExpiresAt = factory.Clock.GetUtcNow().AddMinutes(-1);
            await db.SaveChangesAsync();
        }
        using var anonymous = factory.CreatePortalClient();

        // Act
        using var valid = await anonymous.GetAsync($"/join/{token}");
        using var wrong = await anonymous.GetAsync($"/join/{token[..^3]}abc");
        using var expiredResponse = await anonymous.GetAsync($"/join/{expiredToken}");
        var validBody = await valid.Content.ReadAsStringAsync();
        var wrongBody = WithoutPerRequestParts(await wrong.Content.ReadAsStringAsync());
        var expiredBody = WithoutPerRequestParts(await expiredResponse.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Contains("Secret topic 4410", validBody);
        Assert.DoesNotContain(session.JoinUrl!, validBody);
        Assert.DoesNotContain("/_zoom-sandbox/", validBody);
        Assert.DoesNotContain("Expired topic", validBody);
        Assert.True(valid.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expiredResponse.StatusCode);
        Assert.Equal(wrongBody, expiredBody);
        Assert.Contains("This link does not work", wrongBody);
        foreach (var secret in new[] { "Secret topic", "Expired topic", "Terry", "Tess", "Chris", "zoom", "meeting" })
        {
            Assert.DoesNotContain(secret, wrongBody, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The page without what differs on every request (the script nonce, Blazor's encrypted component state).</summary>
    private static string WithoutPerRequestParts(string html) => System.Text.RegularExpressions.Regex.Replace(
        System.Text.RegularExpressions.Regex.Replace(html, "nonce=\"[^\"]*\"", "nonce"), "<!--Blazor-Server-Component-State:[^>]*-->", "");

    [Fact]
    public async Task Schedule_EachRefusal_NothingCreatedInZoom()
    {
        var (seed, _, _) = await ArrangeAsync();
        var (_, _, existing) = await ScheduleAsync(seed, topic: "Occupies the slot");
        var creates = Creates;
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        var free = NextSlot();

        using (scope)
        {
            var past = await service.ScheduleAsync(Request(seed.StaffIds[Terry], "Past", factory.Clock.GetUtcNow().AddHours(-2)));
            var overlap = await service.ScheduleAsync(Request(seed.StaffIds[Terry], "Overlap", existing.StartsAt.AddMinutes(30)));
            var basic = await service.ScheduleAsync(Request(seed.StaffIds[Bea], "Basic long", free, minutes: 60));
            var notInZoom = await service.ScheduleAsync(Request(seed.StaffIds[Nina], "Nobody", free));
            var deactivated = await service.ScheduleAsync(Request(seed.StaffIds[Dee], "Deactivated", free));

            Assert.Equal(SessionRefusal.InPast, past.Refusal);
            Assert.Equal(SessionRefusal.Overlap, overlap.Refusal);
            Assert.Contains("Occupies the slot", overlap.Message);
            Assert.Equal(SessionRefusal.BasicTooLong, basic.Refusal);
            Assert.Contains("40 minutes", basic.Message);
            Assert.False(basic.OfferLicence);
            Assert.Equal(SessionRefusal.NoZoomUser, notInZoom.Refusal);
            Assert.Equal(SessionRefusal.NoZoomUser, deactivated.Refusal);
        }
        Assert.Equal(creates, Creates);
    }

    [Fact]
    public async Task Schedule_SaveFails_MeetingDeletedInTheSandbox()
    {
        var (seed, _, _) = await ArrangeAsync();
        var before = Control.MeetingCount(Terry);
        var deletes = Control.RequestCount("DELETE", "/meetings/{meetingId}");
        var failing = await factory.Database.FailInsertsAsync("Sessions");
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);

        SessionResult result;
        try
        {
            using (scope)
            {
                result = await service.ScheduleAsync(Request(seed.StaffIds[Terry], "Save fails", NextSlot()));
            }
        }
        finally
        {
            await failing.DisposeAsync();
        }

        Assert.Equal(SessionRefusal.SaveFailed, result.Refusal);
        Assert.Contains("deleted again", result.Message);
        Assert.Equal(deletes + 1, Control.RequestCount("DELETE", "/meetings/{meetingId}"));
        Assert.Equal(before, Control.MeetingCount(Terry));
    }

    [Fact]
    public async Task Schedule_CreateAnswers503_LookedUpThenRetriedOnce_OneMeeting()
    {
        var (seed, _, _) = await ArrangeAsync();
        var before = Control.MeetingCount(Terry);
        var creates = Creates;
        var lists = Control.RequestCount("GET", "/users/{userId}/meetings");
        Control.InjectError("POST", "/meetings", 503, 503, "Service Unavailable", 1);
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);

        SessionResult result;
        using (scope)
        {
            result = await service.ScheduleAsync(Request(seed.StaffIds[Terry], "Flaky create", NextSlot()));
        }

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(creates + 2, Creates);
        Assert.Equal(lists + 1, Control.RequestCount("GET", "/users/{userId}/meetings"));
        Assert.Equal(before + 1, Control.MeetingCount(Terry));
    }

    [Fact]
    public async Task Schedule_HostsDailyLimitUsedUp_ClearMessageWithResetTime()
    {
        var (seed, _, _) = await ArrangeAsync();
        var limit = Control.MeetingWritesPerHostPerDay;
        Control.MeetingWritesPerHostPerDay = 0;
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);

        SessionResult result;
        try
        {
            using (scope)
            {
                result = await service.ScheduleAsync(Request(seed.StaffIds[Terry], "Over the limit", NextSlot()));
            }
        }
        finally
        {
            Control.MeetingWritesPerHostPerDay = limit;
        }

        var midnight = factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        Assert.Equal(ZoomRefusalKind.DailyLimit, result.Zoom?.Kind);
        Assert.Contains($"{midnight:yyyy-MM-dd} 00:00 UTC", result.Message);
        Assert.Contains("Terry Teacher", result.Message);
    }

    [Fact]
    public async Task HostCheckJob_RunsThroughTheJobRunner_AndChecksUpcomingSessions()
    {
        var (seed, _, _) = await ArrangeAsync();
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        long id;
        using (scope)
        {
            var soon = factory.Clock.GetUtcNow().AddMinutes(30);
            var result = await service.ScheduleAsync(Request(seed.StaffIds[Dana], "Soon", new DateTimeOffset(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, 0, TimeSpan.Zero)));
            Assert.True(result.Succeeded, result.Message);
            id = result.SessionId!.Value;
        }

        var run = await factory.Services.GetRequiredService<IJobRunner>().RunAsync(SessionHostCheckJob.JobName, null, "test");

        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Contains("with a host problem", run.Summary);
        Assert.NotNull((await LoadAsync(id)).HostCheckedAt);
    }
}
