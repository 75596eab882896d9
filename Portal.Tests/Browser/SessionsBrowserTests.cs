using Microsoft.Playwright;
using Portal.Tests.Integration.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SessionsBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ScheduleStartAndJoin_TeacherAndAnonymousClient_LandOnSandboxMeetingUrls()
    {
        await SessionsSandboxSeed.EnsureAsync(factory);
        var baseUrl = factory.BaseUrl;
        var day = factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(3);
        await using var teacherContext = await browser.Browser.NewContextAsync(new() { TimezoneId = "Europe/Berlin" });
        var page = await teacherContext.NewPageAsync();

        await page.SignInAsync(baseUrl, "teacher", "/sessions/new");
        await page.GetByLabel("Client name").FillAsync("Chris Client");
        await page.GetByLabel("Client e-mail").FillAsync("chris.client@example.org");
        await page.GetByLabel("Topic").FillAsync("Thesis chapter 2");
        await page.GetByLabel("Notes (optional)").FillAsync("Bring the outline.");
        await page.GetByLabel("Date").FillAsync(day.ToString("yyyy-MM-dd"));
        await page.GetByLabel("Date").PressAsync("Tab");
        await page.GetByLabel("Start time").FillAsync("14:30");
        // Tab leaves the time field for the time zone picker, whose list opens; Escape closes it with its value kept
        // (text typed while it re-renders could otherwise land in it on a slow machine).
        await page.GetByLabel("Start time").PressAsync("Tab");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByLabel("Topic")).ToHaveValueAsync("Thesis chapter 2");
        await page.ScreenshotAsync("sessions-schedule-form");
        await page.ClickAsync("#schedule-submit");
        await page.WaitForSelectorAsync("#schedule-result", new() { Timeout = 30000 });
        var joinLink = await page.Locator("#join-link-box input").InputValueAsync();
        await page.ScreenshotAsync("sessions-scheduled");

        await page.ClickAsync("#open-session");
        await page.WaitForSelectorAsync("#start-session", new() { Timeout = 30000 });
        await page.WaitForInteractiveAsync();
        var facts = await page.InnerTextAsync("#session-facts");
        await page.ScreenshotAsync("sessions-session-page");
        await page.ClickAsync("#start-session");
        await page.WaitForURLAsync("**/_zoom-sandbox/s/**", new() { Timeout = 30000 });
        var started = await page.InnerTextAsync("#started");

        await using var clientContext = await browser.Browser.NewContextAsync();
        var client = await clientContext.NewPageAsync();
        await client.GotoAsync(joinLink);
        await client.WaitForURLAsync("**/_zoom-sandbox/j/**", new() { Timeout = 30000 });
        await client.FillAsync("#join-name", "Chris Client");
        await client.ClickAsync("#join-submit");
        var joined = await client.InnerTextAsync("#joined");

        await page.GotoAsync(baseUrl + "/sessions/mine");
        await page.WaitForSelectorAsync("text=Thesis chapter 2", new() { Timeout = 30000 });
        await page.ScreenshotAsync("sessions-mine");

        await using var directorContext = await browser.Browser.NewContextAsync(new() { TimezoneId = "Europe/Berlin" });
        var director = await directorContext.NewPageAsync();
        await director.SignInAsync(baseUrl, "director", "/sessions");
        await director.WaitForSelectorAsync("text=Thesis chapter 2", new() { Timeout = 30000 });
        await director.ScreenshotAsync("sessions-center-list");

        Assert.StartsWith(baseUrl + "/join/", joinLink);
        Assert.Contains("14:30 (Europe/Berlin)", facts);
        Assert.Contains("Started meeting", started);
        Assert.Contains("Joined meeting", joined);
        Assert.Contains("/_zoom-sandbox/j/", client.Url);
    }
}
