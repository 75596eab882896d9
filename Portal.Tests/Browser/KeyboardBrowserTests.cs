using Microsoft.Playwright;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

/// <summary>The main flows with the keyboard alone: Tab moves the focus, Enter, Space and Escape act; no mouse, no clicks.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ConnectionWizard_KeyboardOnly_ReachesAndFillsTheCredentialsStep()
    {
        // Arrange
        var page = await OpenAsync("admin", "/connections/new");

        // Act: Next from the first step, then each credential field in turn.
        await TabToAsync(page, "wizard-next");
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "cred-name");
        await page.Keyboard.TypeAsync("Keyboard center");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("sandbox-account-3");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("sandbox-s2s-client");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("sandbox-s2s-secret");

        // Assert
        await Assertions.Expect(page.Locator("#cred-name")).ToHaveValueAsync("Keyboard center");
        await Assertions.Expect(page.Locator("#cred-account")).ToHaveValueAsync("sandbox-account-3");
        await Assertions.Expect(page.Locator("#cred-client")).ToHaveValueAsync("sandbox-s2s-client");
        await Assertions.Expect(page.Locator("#cred-secret")).ToHaveValueAsync("sandbox-s2s-secret");
        await Assertions.Expect(page.Locator("#wizard-next")).ToBeEnabledAsync();
        await page.ScreenshotAsync("keyboard-wizard-credentials");
    }

    [Fact]
    public async Task ScheduleSession_KeyboardOnly_SchedulesAndShowsTheJoinLink()
    {
        // Arrange
        var day = factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(5);
        var page = await OpenAsync("teacher", "/sessions/new");

        // Act
        await TabToAsync(page, "client-name");
        await page.Keyboard.TypeAsync("Kim Keyboard");
        await TabToAsync(page, "client-email");
        await page.Keyboard.TypeAsync("kim.keyboard@example.org");
        await TabToAsync(page, "start-date");
        await page.Keyboard.TypeAsync(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await TabToAsync(page, "start-time");
        await page.Keyboard.TypeAsync("10:15");
        await TabToAsync(page, "time-zone");
        // The time zone list opens on focus; Escape closes it and keeps the zone chosen.
        await page.Keyboard.PressAsync("Escape");
        await TabToAsync(page, "topic");
        await page.Keyboard.TypeAsync("Keyboard-only session");
        await TabToAsync(page, "schedule-submit");
        await page.Keyboard.PressAsync("Enter");

        // Assert
        await page.Locator("#schedule-result").WaitForAsync(new() { Timeout = 30000 });
        Assert.StartsWith(factory.BaseUrl + "/join/", await page.Locator("#join-link-box input").InputValueAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("keyboard-session-scheduled");
    }

    [Fact]
    public async Task DeleteRecording_KeyboardOnly_MovesItToTheTrash()
    {
        // Arrange
        var page = await OpenAsync("teacher", "/recordings/mine");
        await page.Locator(".delete-button").First.WaitForAsync(new() { Timeout = 30000 });
        var rows = await page.Locator(".recording-topic").CountAsync();

        // Act: Tab to the first delete button, Enter; in the dialog, Tab to "Move to trash", Enter.
        await TabToAsync(page, "el => el.classList.contains('delete-button')");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".mud-dialog").WaitForAsync();
        await TabToAsync(page, "el => el.textContent.trim() === 'Move to trash'");
        await page.Keyboard.PressAsync("Enter");

        // Assert
        await Assertions.Expect(page.Locator(".recording-topic")).ToHaveCountAsync(rows - 1, new() { Timeout = 30000 });
        await page.ScreenshotAsync("keyboard-recording-deleted");
    }

    [Fact]
    public async Task StaffRoster_KeyboardOnly_FiltersByNameAndStatusThenRechecksTheMember()
    {
        // Arrange
        var page = await OpenAsync("director", "/staff");
        var rows = page.Locator("#staff-grid tbody tr:has(.member-link)");
        await rows.First.WaitForAsync(new() { Timeout = 30000 });

        // Act: search by name, then choose the status with the arrow keys (the first status after "Any status" is Ready).
        await TabToAsync(page, "staff-search");
        await page.Keyboard.TypeAsync("Terry");
        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = 30000 });
        await TabToAsync(page, "filter-status");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("#filter-status")).ToHaveValueAsync("Ready");
        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = 30000 });
        await Assertions.Expect(rows.First).ToContainTextAsync("Terry Teacher");
        await Assertions.Expect(rows.First).ToContainTextAsync("Ready");
        // Then the row's own action: Tab to its Re-check button, Enter.
        await TabToAsync(page, "el => el.id.startsWith('recheck-')");
        await page.Keyboard.PressAsync("Enter");

        // Assert
        await Assertions.Expect(page.Locator("#action-results")).ToContainTextAsync("Terry Teacher", new() { Timeout = 30000 });
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Done: 1 member.");
        await page.ScreenshotAsync("keyboard-staff-rechecked");
    }

    private async Task<IPage> OpenAsync(string role, string path)
    {
        await PortalPages.SeedAsync(factory);
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, TimezoneId = "UTC" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, role, path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    /// <summary>
    /// Presses Tab until the focused element is the one with this id (or matches this JavaScript predicate), at most 80 times.
    /// </summary>
    private static async Task TabToAsync(IPage page, string idOrPredicate)
    {
        var predicate = idOrPredicate.StartsWith("el =>", StringComparison.Ordinal) ? idOrPredicate : $"el => el.id === '{idOrPredicate}'";
        var check = $"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}";
        for (var i = 0; i < 80; i++)
        {
            if (await page.EvaluateAsync<bool>(check))
            {
                return;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        Assert.Fail($"Tab never reached {idOrPredicate}; focus is on {focused}");
    }
}
