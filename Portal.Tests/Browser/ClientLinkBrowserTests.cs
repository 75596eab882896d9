using Microsoft.Playwright;
using Portal.Core.Identity;
using Portal.Tests.Integration.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

/// <summary>The session's one link in Chromium: copied from the list, the client's page at phone width, Join now, the host's start.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClientLinkBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task OneLink_DirectorCopiesIt_ClientJoinsAtTheLeadTime_HostIsSentToTheStartLink()
    {
        // Arrange: a session of Terry's whose join window (10 minutes before) opens a minute from now.
        await using var factory = new CustomPortalAppFactory(new Dictionary<string, string?> { ["Sessions:JoinOpensBefore"] = "00:10:00" });
        var seed = await SessionsSandboxSeed.EnsureAsync(factory);
        var baseUrl = factory.BaseUrl;
        long id;
        var (service, scope) = SessionsSandboxSeed.ServiceAs(factory, Roles.Director, SessionsSandboxSeed.Dana);
        using (scope)
        {
            var start = factory.Clock.GetUtcNow().AddMinutes(10).AddSeconds(60);
            var scheduled = await service.ScheduleAsync(SessionsSandboxSeed.Request(seed.StaffIds[SessionsSandboxSeed.Terry], "Lab report 5150", start, 30));
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
        await director.ScreenshotAsync("client-link-sessions-list");

        // A signed-out visitor opens it on a phone: the client's page, then Join now when the window opens (the page reloads itself).
        await using var clientContext = await browser.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, TimezoneId = "America/New_York",
        });
        var client = await clientContext.NewPageAsync();
        await client.GotoAsync(link);
        var before = await client.InnerTextAsync("#client-session");
        var joinBefore = await client.Locator("#join-now").CountAsync();
        var scrollsSideways = await client.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth");
        await client.ScreenshotAsync("client-page-phone-upcoming");
        await client.WaitForSelectorAsync("#join-now", new() { Timeout = 120000 });
        await client.ScreenshotAsync("client-page-phone-join-now");
        await client.ClickAsync("#join-now");
        await client.WaitForURLAsync("**/_zoom-sandbox/j/**", new() { Timeout = 30000 });
        await client.FillAsync("#join-name", "Chris Client");
        await client.ClickAsync("#join-submit");
        // The host has not started yet: the sandbox's waiting room, as Zoom's with no join before host.
        var joined = await client.InnerTextAsync("#waiting");

        // The host, signed in, opens the same link and is sent on to a fresh start link.
        await using var hostContext = await browser.Browser.NewContextAsync();
        var host = await hostContext.NewPageAsync();
        await host.SignInAsync(baseUrl, "teacher");
        await host.GotoAsync(link);
        await host.WaitForURLAsync("**/_zoom-sandbox/s/**", new() { Timeout = 30000 });
        var started = await host.InnerTextAsync("#started");

        // Assert
        Assert.Equal($"{baseUrl}/join/", link[..(baseUrl.Length + 6)]);
        Assert.Contains("Lab report 5150", before);
        Assert.Contains("With Terry Teacher", before);
        Assert.Contains("America/New_York", before);
        Assert.Matches("starts in 1[01] minutes", before);
        Assert.Equal(0, joinBefore);
        Assert.False(scrollsSideways);
        Assert.Contains("Waiting for the host", joined);
        Assert.Contains("Started meeting", started);
    }
}
