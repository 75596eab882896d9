using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using static Portal.Tests.Integration.Sessions.SessionsSandboxSeed;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AttendanceBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AttendanceReport_MeetingHeldInTheSandbox_SessionPageShowsItAndTheReportExportsIt()
    {
        // Arrange: a session whose meeting the sandbox runs (client waits, host starts, host ends), webhooks to the portal
        var seed = await EnsureAsync(factory);
        var control = factory.Services.GetRequiredService<ZoomSandboxControl>();
        var start = new DateTimeOffset(factory.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(1).AddHours(15);
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        long sessionId;
        using (scope)
        {
            var result = await service.ScheduleAsync(Request(seed.StaffIds[Terry], "Attendance in the browser", start));
            Assert.True(result.Succeeded, result.Message);
            sessionId = result.SessionId!.Value;
        }
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        long meetingId;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            meetingId = await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.ZoomMeetingId).SingleAsync();
        }
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, AcceptDownloads = true });
        await page.SignInAsync(factory.BaseUrl, "director", $"/sessions/{sessionId}");
        await page.WaitForInteractiveAsync();

        // Act: the meeting happens while the session page is open
        await control.ParticipantJoinsAsync(meetingId, "Chris Client");
        await control.HostStartsAsync(meetingId);
        await page.WaitForSelectorAsync("#outcome-status:has-text('Host and client in the meeting')", new() { Timeout = 30000 });
        await control.EndMeetingAsync(meetingId);
        await page.WaitForSelectorAsync("#outcome-status:has-text('Held')", new() { Timeout = 30000 });
        await page.ScreenshotAsync("outcome-session-page");
        var attendance = await page.InnerTextAsync("#outcome-attendance");

        // The session is moved to this morning so that the report's default period holds it.
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var morning = factory.Clock.GetUtcNow().AddMinutes(-90);
            await db.Sessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.StartsAt, morning).SetProperty(s => s.EndsAt, morning.AddHours(1)));
        }
        await page.GotoAsync($"{factory.BaseUrl}/reports/attendance");
        await page.WaitForInteractiveAsync();
        await page.WaitForSelectorAsync("#report-table:has-text('Terry Teacher')", new() { Timeout = 30000 });
        await page.ScreenshotAsync("attendance-report");
        var totals = await page.InnerTextAsync("#report-totals");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-export"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);

        // Assert
        Assert.Contains("Terry Teacher", attendance);
        Assert.Contains("Chris Client", attendance);
        Assert.Contains("Held: 1", totals);
        Assert.Contains("Staff member,From,To,Sessions,Held", csv);
        Assert.Contains("Terry Teacher", csv);
    }
}
