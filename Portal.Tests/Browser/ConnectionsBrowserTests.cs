using Microsoft.Playwright;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

public sealed class ConnectionsBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Wizard_AdminWalksAllStepsAndSaves_ConnectionPageShowsHealth()
    {
        // Arrange
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.SignInAsync(factory.BaseUrl, "admin", "/connections/new");

        // Act
        await page.ScreenshotAsync("connections-wizard-1-prepare");
        await page.ClickAsync("#wizard-next");
        await page.GetByLabel("Display name").FillAsync("Second writing center");
        await page.Locator("#cred-account").FillAsync(" \"sandbox-account-2\" ");
        await page.Locator("#cred-account").BlurAsync();
        await page.GetByLabel("Client ID").FillAsync("sandbox-s2s-client-2");
        await page.Locator("#cred-secret").FillAsync("sandbox-s2s-secret-2");
        await page.Locator("#cred-secret").BlurAsync();
        await page.WaitForSelectorAsync("text=Spaces or quotes around the pasted value were removed.");
        await page.ScreenshotAsync("connections-wizard-2-credentials");
        await page.ClickAsync("#wizard-next");
        await page.WaitForSelectorAsync("#verify-passed", new() { Timeout = 30000 });
        await page.ScreenshotAsync("connections-wizard-3-verify");
        await page.ClickAsync("#wizard-next");
        await page.WaitForSelectorAsync("#wizard-save");
        await page.ScreenshotAsync("connections-wizard-4-save");
        await page.ClickAsync("#wizard-save");
        await page.WaitForSelectorAsync("#created-message", new() { Timeout = 30000 });
        await page.ScreenshotAsync("connections-details-created");
        await page.GotoAsync(factory.BaseUrl + "/connections");
        await page.WaitForSelectorAsync("#connections-table");
        await page.ScreenshotAsync("connections-list");

        // Assert
        Assert.Contains("Second writing center", await page.InnerTextAsync("#connections-table"));
        Assert.DoesNotContain("sandbox-s2s-secret-2", await page.ContentAsync());
    }

    [Fact]
    public async Task LinkAndUnlink_ThroughSandboxAuthorizePage_RevokedAndGone()
    {
        // Arrange
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.SignInAsync(factory.BaseUrl, "admin", "/connections");

        // Act
        await page.ClickAsync("#link-account");
        await page.WaitForSelectorAsync("#approve");
        await page.CheckAsync("#account-2");
        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#linked-message", new() { Timeout = 30000 });
        await page.WaitForInteractiveAsync();
        await page.ScreenshotAsync("connections-linked");
        var permissions = await page.InnerTextAsync("#permissions");
        await page.ClickAsync("#unlink");
        await page.WaitForSelectorAsync("#dependencies");
        await page.ScreenshotAsync("connections-unlink-confirm");
        await page.ClickAsync("#delete-confirm");
        await page.WaitForSelectorAsync("#unlinked-message", new() { Timeout = 30000 });
        await page.ScreenshotAsync("connections-unlinked");

        // Assert
        Assert.Contains("the whole account", permissions);
        Assert.Contains("Zoom revoked the portal's access", await page.InnerTextAsync("#unlinked-message"));
    }

    [Theory]
    [InlineData("director")]
    [InlineData("teacher")]
    public async Task ConnectionsPage_NonAdmin_SeesForbidden(string user)
    {
        // Arrange
        var page = await browser.Browser.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, user);

        // Act
        var response = await page.GotoAsync(factory.BaseUrl + "/connections/new");

        // Assert
        Assert.Equal(403, response!.Status);
        Assert.Contains("not for your role", await page.ContentAsync());
    }
}
