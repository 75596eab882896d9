using Microsoft.Playwright;
using Portal.Core.Features.Notifications;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

/// <summary>A person's e-mail choices survive a reload; the page at desktop and phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationPreferencesBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Preferences_ChoiceChangedAndSaved_StaysAfterReload()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30000);
        await page.SignInAsync(factory.BaseUrl, "director", "/notifications");
        await page.WaitForInteractiveAsync();
        var noShow = page.Locator($"#choice-{NotificationKind.NoShow}");
        await Assertions.Expect(noShow).ToContainTextAsync("Default for your role: Immediately");

        // Act
        await noShow.Locator("label", new() { HasText = "In the digest" }).ClickAsync();
        await page.Locator("#digest-frequency label", new() { HasText = "Weekly" }).ClickAsync();
        await page.Locator("#save-preferences").ClickAsync();
        await Assertions.Expect(page.GetByText("Your e-mail preferences are saved.")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();

        // Assert
        await Assertions.Expect(noShow.Locator("label", new() { HasText = "In the digest" }).Locator("input")).ToBeCheckedAsync();
        await Assertions.Expect(noShow.Locator("label", new() { HasText = "Immediately" }).Locator("input")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#digest-frequency label", new() { HasText = "Weekly" }).Locator("input")).ToBeCheckedAsync();
        await page.ScreenshotAsync("notification-preferences-1280");
    }

    [Fact]
    public async Task Preferences_Phone390_NoSidewaysScroll()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30000);

        // Act
        await page.SignInAsync(factory.BaseUrl, "admin", "/notifications");
        await Assertions.Expect(page.Locator($"#choice-{NotificationKind.ConnectionProblem}")).ToBeVisibleAsync();

        // Assert
        await page.ScreenshotAsync("notification-preferences-390");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways at 390 wide.");
    }
}
