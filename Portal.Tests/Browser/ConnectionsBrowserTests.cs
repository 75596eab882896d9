using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
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

        var list = await page.InnerTextAsync("#connections-table");
        var content = await page.ContentAsync();

        // Act: a second app of an account that is already connected (the configured demo connection holds account 1)
        await page.GotoAsync(factory.BaseUrl + "/connections/new");
        await page.WaitForInteractiveAsync();
        await page.ClickAsync("#wizard-next");
        await page.GetByLabel("Display name").FillAsync("Same account again");
        await page.Locator("#cred-account").FillAsync("sandbox-account-1");
        await page.GetByLabel("Client ID").FillAsync("sandbox-limited-client");
        await page.Locator("#cred-secret").FillAsync("sandbox-limited-secret");
        await page.Locator("#cred-secret").BlurAsync();
        await page.ClickAsync("#wizard-next");
        await page.WaitForSelectorAsync("#already-connected", new() { Timeout = 30000 });
        await page.ScreenshotAsync("connections-wizard-already-connected");
        var duplicate = await page.InnerTextAsync("#already-connected");
        var nextDisabled = await page.Locator("#wizard-next").IsDisabledAsync();
        await page.ClickAsync("#cancel-duplicate");
        await page.WaitForSelectorAsync("#connections-table");
        var listAfterCancel = await page.InnerTextAsync("#connections-table");

        // Assert
        Assert.Contains("Second writing center", list);
        Assert.DoesNotContain("sandbox-s2s-secret-2", content);
        Assert.Contains("already connected as \"Demo writing center (sandbox)\"", duplicate);
        Assert.True(nextDisabled);
        Assert.DoesNotContain("Same account again", listAfterCancel);
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
        await page.CheckAsync("#account-3");
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

    [Fact]
    public async Task Link_UserLevelScopesOnSandboxAuthorizePage_ShowsPermissionsInPlainWordsAndWhyFeaturesAreOff()
    {
        // Arrange
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.SignInAsync(factory.BaseUrl, "admin", "/connections");

        // Act
        await page.ClickAsync("#link-account");
        await page.WaitForSelectorAsync("#scope-user");
        await page.CheckAsync("#account-3");
        await page.CheckAsync("#scope-user");
        await page.ScreenshotAsync("connections-user-level-authorize");
        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#not-account-wide", new() { Timeout = 30000 });
        await page.ScreenshotAsync("connections-user-level-linked");
        var notice = await page.InnerTextAsync("#not-account-wide");
        var permissions = await page.InnerTextAsync("#permissions");
        var connectionPath = new Uri(page.Url).AbsolutePath;
        await page.GotoAsync(factory.BaseUrl + "/connections");
        await page.WaitForSelectorAsync(".user-level-note");
        await page.ScreenshotAsync("connections-user-level-list");
        var listNote = await page.InnerTextAsync(".user-level-note");
        var id = connectionPath.Split('/').Last();
        await page.GotoAsync(factory.BaseUrl + "/staff");
        await page.WaitForSelectorAsync($"#sync-state-{id}");
        await page.ScreenshotAsync("connections-user-level-staff");
        var staffBanner = await page.InnerTextAsync($"#sync-state-{id}");
        await page.GotoAsync(factory.BaseUrl + "/dashboards");
        await page.WaitForSelectorAsync($"#switched-off-{id}");
        await page.ScreenshotAsync("connections-user-level-dashboards");
        var dashboardNote = await page.InnerTextAsync($"#switched-off-{id}");
        var refreshOffered = await page.Locator($"#refresh-now-{id}").CountAsync();

        // Assert
        Assert.Contains("only for una.third@writing.example.edu", notice);
        Assert.Contains("Staff sync and mapping", notice);
        Assert.Contains("only una.third@writing.example.edu", permissions);
        Assert.Contains("Users: write", permissions);
        Assert.Contains("staff sync and mapping", listNote);
        Assert.Contains("cannot offer staff sync and mapping", staffBanner);
        Assert.Contains("Dashboards are switched off", dashboardNote);
        Assert.Equal(0, refreshOffered);
    }

    [Fact]
    public async Task Unlink_RevokeFailsAtZoom_DeletedLocallyAndTellsHowToRemoveTheAppInZoom()
    {
        // Arrange
        var sandbox = factory.Services.GetRequiredService<ZoomSandboxControl>();
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.SignInAsync(factory.BaseUrl, "admin", "/connections");
        await page.ClickAsync("#link-account");
        await page.WaitForSelectorAsync("#approve");
        await page.CheckAsync("#account-3");
        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#permissions", new() { Timeout = 30000 });
        await page.WaitForInteractiveAsync();
        sandbox.InjectRevokeFailure(503);

        // Act
        await page.ClickAsync("#unlink");
        await page.WaitForSelectorAsync("#dependencies");
        await page.ClickAsync("#delete-confirm");
        await page.WaitForSelectorAsync("#remove-app-steps", new() { Timeout = 30000 });
        await page.ScreenshotAsync("connections-unlinked-revoke-failed");

        // Assert
        var message = await page.InnerTextAsync("#unlinked-message");
        Assert.Contains("is unlinked in the portal", message);
        Assert.Contains("Zoom did not confirm", message);
        Assert.Contains("Manage → Installed Apps", message);
        Assert.Contains("Remove", message);
        Assert.Contains("una.third@writing.example.edu", message);
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
