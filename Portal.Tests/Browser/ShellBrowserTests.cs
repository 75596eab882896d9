using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ShellBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    /// <summary>Terry is on the roster; Dana and Ada are not, so they are not offered "My ..." pages that could only be empty.</summary>
    public static TheoryData<string, string[]> NavigationPerRole => new()
    {
        { "teacher", ["/", "/notifications", "/sessions/mine", "/recordings/mine", "/staff/me"] },
        { "teacher2", ["/", "/notifications"] },
        { "director", ["/", "/notifications", "/staff", "/sessions", "/reports/attendance", "/dashboards", "/recordings/cleanup", "/audit"] },
        { "admin", ["/", "/notifications", "/staff", "/sessions", "/reports/attendance", "/dashboards", "/recordings/cleanup", "/audit", "/connections", "/webhooks", "/jobs", "/outbox", "/settings/email"] },
    };

    [Theory]
    [MemberData(nameof(NavigationPerRole))]
    public async Task SignIn_EachRole_NavigationShowsOnlyWhatThePersonCanUse(string role, string[] expected)
    {
        // Arrange
        await EnsureTerryOnRosterAsync();
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();

        // Act
        await page.SignInAsync(factory.BaseUrl, role);

        // Assert
        var links = await page.Locator("nav.mud-navmenu a[href]").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('href'))");
        Assert.Equal(expected.Order(), links.Order());
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Welcome");
        await page.ScreenshotAsync($"home-{role}");
    }

    [Theory]
    [InlineData(1280, 800, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task Home_TeacherNotOnRoster_SaysSoAndOffersNoEmptyPages(int width, int height, string size)
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();

        // Act
        await page.SignInAsync(factory.BaseUrl, "teacher2");

        // Assert
        await Assertions.Expect(page.Locator("#not-on-roster")).ToContainTextAsync("You are not on the writing center's roster yet");
        Assert.Equal(0, await page.Locator("a[href='/sessions/mine']").CountAsync());
        await page.ScreenshotAsync($"home-not-on-roster-{size}");
    }

    private async Task EnsureTerryOnRosterAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        const string email = "terry.teacher@writing.example.edu";
        if (!await db.StaffMembers.AnyAsync(s => s.NormalizedEmail == email))
        {
            db.StaffMembers.Add(new Portal.Core.Features.Staff.StaffMember { Name = "Terry Teacher", Email = email, NormalizedEmail = email });
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task ForbiddenPage_Teacher_SeesClear403AndCanGoHome()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, "teacher");

        // Act
        var response = await page.GotoAsync(factory.BaseUrl + "/jobs");

        // Assert
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("403 · This page is not for your role");
        await page.ScreenshotAsync("forbidden-teacher");
        await page.GetByText("Go to your home page").ClickAsync();
        await page.WaitForURLAsync(factory.BaseUrl + "/");
    }

    [Fact]
    public async Task NotFoundPage_Opened_SaysPageNotFoundNotACodeOfZero()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, "teacher");

        // Act
        await page.GotoAsync(factory.BaseUrl + "/not-found");

        // Assert
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("404 · Page not found");
    }

    [Fact]
    public async Task AuditLog_KeyboardOnly_FiltersByWhoAndShowsTheResult()
    {
        // Arrange
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var at = factory.Clock.GetUtcNow().AddHours(-1);
            db.AuditEntries.AddRange(
                new AuditEntry { At = at, Actor = "ada.admin@writing.example.edu", Action = "connection.add", Target = "Main Zoom account", NewValue = "{\"Name\":\"Main Zoom account\"}" },
                new AuditEntry { At = at.AddMinutes(5), Actor = "dana.director@writing.example.edu", Action = "staff.add", Target = "terry.teacher@writing.example.edu" });
            await db.SaveChangesAsync();
        }
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, "director", "/audit");
        // The demo connection provisioned from configuration writes its own entry (by "system") at start-up.
        await Assertions.Expect(page.Locator("#audit-grid")).ToContainTextAsync("Staff: add");
        await Assertions.Expect(page.Locator("#audit-grid")).ToContainTextAsync("Connection: add");
        await page.ScreenshotAsync("audit-log");

        // Act: Tab from the top of the page to the "Who" field, type, press Enter.
        for (var i = 0; i < 40 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != "filter-actor"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("filter-actor", await page.EvaluateAsync<string>("document.activeElement?.id ?? ''"));
        await page.Keyboard.TypeAsync("ada.admin");
        await page.Keyboard.PressAsync("Enter");

        // Assert
        var rows = page.Locator("#audit-grid tbody tr.audit-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Connection: add");
        Assert.EndsWith("/audit?who=ada.admin", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#export-csv")).ToHaveAttributeAsync("href", "/audit/export.csv?actor=ada.admin");
        await page.ScreenshotAsync("audit-log-filtered");
    }

    [Fact]
    public async Task Jobs_AdminRunsMaintenanceNow_SeesTheOutcome()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, "admin", "/jobs");

        // Act
        await page.ClickAsync("#run-DatabaseMaintenance");

        // Assert
        await Assertions.Expect(page.Locator("#jobs-table")).ToContainTextAsync("Succeeded", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#runs-table")).ToContainTextAsync("ada.admin@writing.example.edu");
        await page.ScreenshotAsync("jobs");
    }

    [Fact]
    public async Task DarkMode_Toggled_SwitchesTheThemeAndIsRememberedAcrossReloads()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, ColorScheme = ColorScheme.Light });
        var page = await context.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, "director");
        var lightBackground = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");

        // Act
        await page.GetByLabel("Switch to dark mode").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Switch to light mode")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();

        // Assert
        await Assertions.Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", lightBackground);
        await Assertions.Expect(page.GetByLabel("Switch to light mode")).ToBeVisibleAsync();
        await page.ScreenshotAsync("home-director-dark");
    }

    [Fact]
    public async Task DarkMode_NothingChosenAndSystemDark_FollowsTheSystem()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync(new() { ColorScheme = ColorScheme.Dark });
        var page = await context.NewPageAsync();

        // Act
        await page.SignInAsync(factory.BaseUrl, "teacher");

        // Assert
        await Assertions.Expect(page.GetByLabel("Switch to light mode")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignOut_Director_EndsAtTheSignInPage()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, "director");

        // Act
        await page.ClickAsync("#sign-out");

        // Assert
        await page.WaitForURLAsync(url => url.Contains("/dev/login", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Development sign-in");
        await page.ScreenshotAsync("dev-sign-in");
    }
}
