using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Identity;
using Portal.Tests.Integration.SessionRecordings;
using Portal.Tests.Integration.Sessions;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Browser;

/// <summary>
/// A session from start to finish in Chromium, through the sandbox's meeting pages and their signed webhooks: the director
/// copies the one link, the host starts from it, the client joins from it signed out on a phone, the meeting ends (the client's page
/// says so), the outcome and attendance appear, the recording completes, is published, and the client plays it from the same link.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionEndToEndBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Session_OneLinkFromScheduleToRecording_HeldWithAttendanceAndTheClientPlaysTheRecording()
    {
        // Arrange: "Join now" opens a day ahead, so the client can join a session that starts in half an hour; the sandbox
        // account's event subscription points at the portal, as an administrator sets it up in Zoom.
        await using var factory = new CustomPortalAppFactory(new Dictionary<string, string?> { ["Sessions:JoinOpensBefore"] = "1.00:00:00" });
        var seed = await SessionsSandboxSeed.EnsureAsync(factory);
        var webhookUrl = await SessionRecordingsSandbox.WebhookUrlAsync(factory, seed.ConnectionId);
        var baseUrl = factory.BaseUrl;
        long id;
        var (service, scope) = SessionsSandboxSeed.ServiceAs(factory, Roles.Director, SessionsSandboxSeed.Dana);
        using (scope)
        {
            var scheduled = await service.ScheduleAsync(SessionsSandboxSeed.Request(
                seed.StaffIds[SessionsSandboxSeed.Terry], "Essay review 6061", factory.Clock.GetUtcNow().AddMinutes(30), 30));
            Assert.True(scheduled.Succeeded, scheduled.Message);
            id = scheduled.SessionId!.Value;
        }

        // Act: the director copies the link from the sessions list.
        await using var directorContext = await browser.Browser.NewContextAsync(new() { Permissions = ["clipboard-read", "clipboard-write"] });
        var director = await directorContext.NewPageAsync();
        await director.SignInAsync(baseUrl, "director", "/sessions");
        await director.ClickAsync($"#copy-link-{id}", new() { Timeout = 30000 });
        await director.WaitForSelectorAsync("text=copied", new() { Timeout = 30000 });
        var link = await director.EvaluateAsync<string>("navigator.clipboard.readText()");

        // The host, signed in, opens it and starts the meeting.
        await using var hostContext = await browser.Browser.NewContextAsync();
        var host = await hostContext.NewPageAsync();
        await host.SignInAsync(baseUrl, "teacher");
        await host.GotoAsync(link);
        await host.WaitForURLAsync("**/_zoom-sandbox/s/**", new() { Timeout = 30000 });

        // The client opens the same link signed out on a phone and joins.
        await using var clientContext = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var client = await clientContext.NewPageAsync();
        await client.GotoAsync(link);
        await client.ClickAsync("#join-now", new() { Timeout = 30000 });
        await client.WaitForURLAsync("**/_zoom-sandbox/j/**", new() { Timeout = 30000 });
        await client.FillAsync("#join-name", "Chris Client");
        await client.ClickAsync("#join-submit");
        await client.WaitForSelectorAsync("#joined", new() { Timeout = 30000 });

        // The host ends the meeting; the director's session page shows what happened.
        await host.ClickAsync("#end-meeting");
        await host.WaitForSelectorAsync("#ended", new() { Timeout = 30000 });
        await director.GotoAsync($"{baseUrl}/sessions/{id}");
        await director.WaitForSelectorAsync("#outcome-status:has-text('Held')", new() { Timeout = 30000 });
        var attendance = await director.InnerTextAsync("#outcome-attendance");
        await client.GotoAsync(link);
        var endedOnTheClientPage = await client.Locator("#client-ended").CountAsync();

        // The recording completes in Zoom; the director publishes it from the session page.
        long meetingId;
        DateTimeOffset startsAt;
        await using (var db = await SessionRecordingsSandbox.Db(factory))
        {
            var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id);
            (meetingId, startsAt) = (session.ZoomMeetingId, session.StartsAt);
        }
        var control = factory.Services.GetRequiredService<ZoomSandboxControl>();
        var uuid = control.RecordMeeting(meetingId, 30, startsAt)!;
        var completed = await control.SendRecordingCompletedAsync(webhookUrl, SessionRecordingsSandbox.WebhookSecret, uuid);
        Assert.NotNull(await SessionRecordingsSandbox.WaitForTieAsync(factory, id, uuid));
        await director.ReloadAsync();
        await director.ClickAsync("#publish-recording", new() { Timeout = 30000 });
        await director.WaitForSelectorAsync("#recording-published", new() { Timeout = 30000 });
        await director.ScreenshotAsync("end-to-end-session-page");

        // The client opens the same link again and plays the recording.
        await client.GotoAsync(link);
        await client.WaitForFunctionAsync("() => { const v = document.querySelector('#client-recording-player-0'); return v && (v.readyState >= 1 || v.error !== null); }",
            null, new() { Timeout = 30000 });
        var error = await client.EvaluateAsync<int?>("() => document.querySelector('#client-recording-player-0').error?.code ?? null");
        var duration = await client.EvaluateAsync<double>("() => document.querySelector('#client-recording-player-0').duration");
        await client.ScreenshotAsync("end-to-end-client-recording-phone");

        // Assert
        Assert.StartsWith($"{baseUrl}/join/", link);
        Assert.Contains("Terry Teacher", attendance);
        Assert.Contains("Chris Client", attendance);
        Assert.Equal(1, endedOnTheClientPage);
        Assert.Equal(200, completed.StatusCode);
        Assert.Null(error);
        Assert.InRange(duration, 2.5, 3.5);
    }
}
