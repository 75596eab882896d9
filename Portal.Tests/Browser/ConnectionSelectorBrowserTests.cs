using Microsoft.Playwright;
using Portal.Tests.Integration;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ConnectionSelectorBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    private const string CoversJs = """
        ([snackbar, selector]) => {
            const s = document.querySelector(snackbar).getBoundingClientRect();
            const overlaps = r => r.width > 0 && r.left < s.right && r.right > s.left && r.top < s.bottom && r.bottom > s.top;
            return [...document.querySelectorAll(selector)].filter(e => overlaps(e.getBoundingClientRect()))
                .map(e => e.id || e.textContent.trim());
        }
        """;

    [Fact]
    public async Task Selector_LinkWithAConnection_SelectorAndPageFollowItAndTheMenuKeepsIt()
    {
        // Arrange: two Zoom accounts
        var main = await DashboardIntegrationTests.AddSandboxConnectionAsync(factory, "Main campus");
        var downtown = await DashboardIntegrationTests.AddSandboxConnectionAsync(factory, "Downtown center", "sandbox-account-2",
            "sandbox-s2s-client-2", "sandbox-s2s-secret-2");
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });

        // Act: a shared link to the dashboards of one connection
        await page.SignInAsync(factory.BaseUrl, "director", $"/dashboards?connection={downtown}");
        await page.WaitForSelectorAsync($"#usage-card-{downtown}", new() { Timeout = 30000 });

        // Assert: the selector shows the link's connection and the page shows only that one
        Assert.Equal("Downtown center", await page.InputValueAsync("#connection-switcher"));
        Assert.Equal(0, await page.Locator($"#usage-card-{main}").CountAsync());
        await page.ScreenshotAsync("connection-selector-dashboards");

        // Act: choose the other connection in the drawer
        await page.ClickAsync("#connection-switcher");
        await page.Locator(".mud-popover-open").GetByText("Main campus", new() { Exact = true }).ClickAsync();

        // Assert: the address and the page follow
        await page.WaitForURLAsync(url => url.EndsWith($"/dashboards?connection={main}", StringComparison.Ordinal), new() { Timeout = 30000 });
        await page.WaitForSelectorAsync($"#usage-card-{main}", new() { Timeout = 30000 });
        Assert.Equal(0, await page.Locator($"#usage-card-{downtown}").CountAsync());

        // Act: move on with the menu
        await page.ClickAsync($"a[href='/sessions?connection={main}']");

        // Assert: the menu kept the choice
        await page.WaitForURLAsync(url => url.EndsWith($"/sessions?connection={main}", StringComparison.Ordinal), new() { Timeout = 30000 });
        await page.WaitForSelectorAsync("#sessions-grid", new() { Timeout = 30000 });
        Assert.Equal("Main campus", await page.InputValueAsync("#connection-switcher"));
        await page.ScreenshotAsync("connection-selector-sessions");
        await page.ClickAsync($"a[href='/recordings/cleanup?connection={main}']");
        await page.WaitForSelectorAsync("#scan", new() { Timeout = 30000 });
        await page.ScreenshotAsync("connection-selector-cleanup");

        // Phone: the same link, the drawer opened to show the selector
        var phone = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await phone.SignInAsync(factory.BaseUrl, "director", $"/dashboards?connection={downtown}");
        await phone.WaitForSelectorAsync($"#usage-card-{downtown}", new() { Timeout = 30000 });
        await phone.ScreenshotAsync("connection-selector-dashboards-phone");
        await phone.ClickAsync("button[aria-label='Toggle navigation']");
        await phone.WaitForSelectorAsync("#connection-switcher", new() { State = WaitForSelectorState.Visible, Timeout = 30000 });
        Assert.Equal("Downtown center", await phone.InputValueAsync("#connection-switcher"));
        await phone.ScreenshotAsync("connection-selector-drawer-phone");
        await phone.GotoAsync($"{factory.BaseUrl}/sessions?connection={main}");
        await phone.WaitForSelectorAsync("#sessions-grid", new() { Timeout = 30000 });
        await phone.ScreenshotAsync("connection-selector-sessions-phone");
        await phone.GotoAsync($"{factory.BaseUrl}/recordings/cleanup?connection={main}");
        await phone.WaitForSelectorAsync("#scan", new() { Timeout = 30000 });
        await phone.ScreenshotAsync("connection-selector-cleanup-phone");
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Snackbar_AfterSavingAStaffMember_CoversNeitherSignOutNorAButton(int width, int height)
    {
        // Arrange
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        await page.SignInAsync(factory.BaseUrl, "director", "/staff/new");
        var email = $"snack.{width}.{Guid.NewGuid():N}@writing.example.edu";

        // Act: saving shows "Saved …" while the member's page opens
        await page.FillAsync("#member-name", $"Sam Snack {width}");
        await page.FillAsync("#member-email", email);
        await page.ClickAsync("#save-member");
        await page.WaitForSelectorAsync(".mud-snackbar:has-text('Saved Sam Snack')", new() { Timeout = 30000 });
        await page.WaitForSelectorAsync("#member-recheck, #member-reason", new() { Timeout = 30000 });
        await page.ScreenshotAsync($"snackbar-{width}");
        var atTop = await page.EvaluateAsync<string[]>(CoversJs, new[] { ".mud-snackbar", "#sign-out, #theme-toggle, .mud-main-content button, .mud-main-content a.mud-button-root" });
        await page.EvaluateAsync("window.scrollTo(0, document.body.scrollHeight)");
        var atBottom = await page.EvaluateAsync<string[]>(CoversJs, new[] { ".mud-snackbar", ".mud-main-content button, .mud-main-content a.mud-button-root" });

        // Assert: nothing is under it at the top of the page, and the end of the page scrolls clear of it
        Assert.Empty(atTop);
        Assert.Empty(atBottom);
    }
}
