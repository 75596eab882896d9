using Microsoft.Playwright;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class EntraIdBrowserTests(EntraIdFixture entra, BrowserFixture browser)
    : IClassFixture<EntraIdFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignIn_DirectorInChromium_GoesThroughEntraIdAndLandsOnTheDirectorsHomePage()
    {
        // Arrange
        entra.EntraId.NextUser = new EntraUser("Dana Director", "dana.director@writing.example.edu", "oid-dana-browser", Roles.Director);
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var visited = new List<string>();
        page.FrameNavigated += (_, frame) => visited.Add(frame.Url);
        var home = entra.Portal.BaseUrl + "/";

        // Act
        await page.GotoAsync(home);
        await page.WaitForURLAsync(home, new() { Timeout = 60000 });
        await page.WaitForInteractiveAsync();

        // Assert
        Assert.Contains(visited, url => url.StartsWith($"{entra.EntraId.Instance}{EntraIdFixture.TenantId}/oauth2/v2.0/authorize?", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Welcome, Dana Director");
        await Assertions.Expect(page.Locator("#mapping-summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("nav.mud-navmenu a[href='/staff']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        await page.ScreenshotAsync("entra-id-director-home");
    }

    [Fact]
    public async Task SignOut_DirectorInChromium_GoesToEntraIdsEndSessionEndpoint()
    {
        // Arrange
        entra.EntraId.NextUser = new EntraUser("Dana Director", "dana.director@writing.example.edu", "oid-dana-browser", Roles.Director);
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var home = entra.Portal.BaseUrl + "/";
        await page.GotoAsync(home);
        await page.WaitForURLAsync(home, new() { Timeout = 60000 });
        await page.WaitForInteractiveAsync();
        var logout = $"{entra.EntraId.Instance}{EntraIdFixture.TenantId}/oauth2/v2.0/logout?";

        // Act
        var request = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("#sign-out"),
            r => r.Url.StartsWith(logout, StringComparison.Ordinal), new() { Timeout = 60000 });

        // Assert: the end-session request carries the portal's sign-out callback; Entra ID (this fake, like the real
        // one with its session still open) then sends the browser back, and the portal signs it in again.
        Assert.Contains("post_logout_redirect_uri=" + Uri.EscapeDataString(entra.Portal.BaseUrl + "/signout-callback-oidc"), request.Url);
        await page.WaitForURLAsync(home, new() { Timeout = 60000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Welcome, Dana Director");
    }
}
