using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;
using Portal.Tests.Core.Sessions;
using Portal.Tests.TestDoubles;
using static Portal.Tests.Integration.Sessions.SessionsSandboxSeed;

namespace Portal.Tests.Integration.Sessions;

/// <summary>The session's one link over HTTP against the in-process Zoom sandbox: the client's page, Join now, the calendar, the host.</summary>
public sealed class ClientPageSandboxTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static int s_slot;

    private async Task<(long Id, string Token, Session Session)> ScheduleAsync(string topic, DateTimeOffset? start = null, string host = Terry)
    {
        var seed = await EnsureAsync(factory);
        var today = new DateTimeOffset(factory.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        using (scope)
        {
            var request = Request(seed.StaffIds[host], topic, start ?? today.AddDays(3).AddHours(2 * Interlocked.Increment(ref s_slot)), 30);
            request.TimeZone = "Europe/Berlin";
            var local = TimeZoneInfo.ConvertTime(start ?? today.AddDays(3).AddHours(2 * s_slot), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
            request.StartDate = local.Date;
            request.StartTime = local.TimeOfDay;
            var result = await service.ScheduleAsync(request);
            Assert.True(result.Succeeded, result.Message);
            await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            return (result.SessionId!.Value, result.JoinToken!, await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == result.SessionId));
        }
    }

    /// <summary>When the session's outcome saw the client click "Join now" (one of its sources).</summary>
    private async Task<DateTimeOffset?> ClickOnTheOutcomeAsync(long id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.SessionOutcomes.Where(o => o.SessionId == id).Select(o => o.ClientClickedJoinAt).SingleOrDefaultAsync();
    }

    private async Task<int> ClicksAsync(long id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.SessionJoinClicks.CountAsync(c => c.SessionId == id);
    }

    [Fact]
    public async Task ClientPage_Anonymous_TopicHostBothTimesCalendarAndSignInToStart_NoJoinNowYet()
    {
        // Arrange
        var (_, token, session) = await ScheduleAsync("Upcoming topic 3310");
        using var anonymous = factory.CreatePortalClient();

        // Act
        using var response = await anonymous.GetAsync($"/join/{token}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Upcoming topic 3310", html);
        Assert.Contains("With Terry Teacher", html);
        Assert.Contains($"datetime=\"{session.StartsAt.UtcDateTime:O}\"", html);
        Assert.Matches(@"\(Europe/Berlin, UTC\+0[12]:00\)", html);
        Assert.Contains("id=\"add-to-calendar\"", html);
        Assert.Contains("Sign in to start", html);
        Assert.DoesNotContain("id=\"client-recording", html);
        Assert.DoesNotContain("id=\"join-now\"", html);
        Assert.DoesNotContain(session.JoinUrl!, html);
    }

    [Fact]
    public async Task JoinNow_InsideTheLeadTime_ClickRecordedAndRedirectedToTheSandboxJoinPage()
    {
        // Arrange: Tess's session starts in five minutes, inside the 10-minute lead time.
        var (id, token, session) = await ScheduleAsync("Starting soon 2210", factory.Clock.GetUtcNow().AddMinutes(5), host: Tess);
        using var anonymous = factory.CreatePortalClient();

        // Act
        var page = await anonymous.Http.GetStringAsync($"join/{token}");
        using var join = await anonymous.GetAsync($"/join/{token}/zoom");
        using var sandbox = await anonymous.Http.GetAsync(join.Headers.Location);

        // Assert
        Assert.Contains("id=\"join-now\"", page);
        Assert.DoesNotContain(session.JoinUrl!, page);
        Assert.Equal(HttpStatusCode.Redirect, join.StatusCode);
        Assert.Equal(session.JoinUrl, join.Headers.Location!.ToString());
        Assert.Contains($"/_zoom-sandbox/j/{session.ZoomMeetingId}", session.JoinUrl);
        Assert.Equal(HttpStatusCode.OK, sandbox.StatusCode);
        Assert.Equal(1, await ClicksAsync(id));
        Assert.NotNull(await ClickOnTheOutcomeAsync(id));
    }

    [Fact]
    public async Task JoinNow_BeforeTheLeadTime_BackToThePageAndNothingRecorded()
    {
        // Arrange
        var (id, token, _) = await ScheduleAsync("Too early 8812");
        using var anonymous = factory.CreatePortalClient();

        // Act
        using var join = await anonymous.GetAsync($"/join/{token}/zoom");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, join.StatusCode);
        Assert.Equal($"/join/{token}", join.Headers.Location!.ToString());
        Assert.Equal(0, await ClicksAsync(id));
    }

    [Fact]
    public async Task Calendar_ValidLink_IcsWithTheLinkAsUrl_WrongLinkNotFound()
    {
        // Arrange
        var (_, token, session) = await ScheduleAsync("Calendar topic 6620");
        using var anonymous = factory.CreatePortalClient();

        // Act
        using var response = await anonymous.GetAsync($"/join/{token}/calendar.ics");
        var ics = await response.Content.ReadAsStringAsync();
        using var wrong = await anonymous.GetAsync($"/join/{token[..^3]}abc/calendar.ics");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var properties = SessionCalendarTests.Parse(ics);
        Assert.Equal($"{factory.BaseUrl}/join/{token}", properties["URL"]);
        Assert.Equal(session.StartsAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'"), properties["DTSTART"]);
        Assert.Equal("Calendar topic 6620", properties["SUMMARY"]);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
    }

    [Fact]
    public async Task Link_HostSignedIn_SentToAFreshStartLink_DirectorSignedIn_GetsTheClientPage()
    {
        // Arrange
        var (id, token, _) = await ScheduleAsync("Host opens the link 4471");
        using var terry = factory.CreatePortalClient();
        using var director = factory.CreatePortalClient();
        await terry.SignInAsync("teacher");
        await director.SignInAsync("director");

        // Act
        using var hostOpens = await terry.GetAsync($"/join/{token}");
        using var start = await terry.GetAsync(hostOpens.Headers.Location!.ToString());
        using var directorOpens = await director.GetAsync($"/join/{token}");
        var directorPage = await directorOpens.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, hostOpens.StatusCode);
        Assert.EndsWith($"/sessions/{id}/start", hostOpens.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Contains("/_zoom-sandbox/s/", start.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, directorOpens.StatusCode);
        Assert.Contains("Host opens the link 4471", directorPage);
        Assert.DoesNotContain("Sign in to start", directorPage);
    }

    [Fact]
    public async Task ClientPage_CancelledSession_SaysSo()
    {
        // Arrange
        var (id, token, _) = await ScheduleAsync("Cancelled topic 1190");
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        using (scope)
        {
            Assert.True((await service.CancelAsync(id)).Succeeded);
        }
        using var anonymous = factory.CreatePortalClient();

        // Act
        var html = await anonymous.Http.GetStringAsync($"join/{token}");

        // Assert
        Assert.Contains("This session was cancelled", html);
        Assert.DoesNotContain("id=\"add-to-calendar\"", html);
    }
}
