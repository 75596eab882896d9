using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Features.Recordings;
using Portal.Tests.TestDoubles;
using Portal.Tests.Zoom;

namespace Portal.Tests.Browser;

/// <summary>Chromium enforces the portal's Content-Security-Policy: the main pages work and report no violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MainPages_AdminWalksThem_NoPolicyViolationInTheConsole()
    {
        // Arrange
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var violations = WatchForViolations(page);

        // Act
        await page.SignInAsync(factory.BaseUrl, "admin");
        var importMaps = await page.Locator("script[type=importmap]").CountAsync();
        foreach (var path in new[] { "/staff", "/sessions", "/dashboards", "/recordings/mine", "/connections", "/jobs" })
        {
            await page.GotoAsync(factory.BaseUrl + path);
            await page.WaitForInteractiveAsync();
        }
        await page.ClickAsync("nav.mud-navmenu a[href='/audit']");
        await page.WaitForURLAsync(url => url.EndsWith("/audit", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("h1:has-text('Audit log')");

        // Assert
        Assert.Equal(1, importMaps);
        Assert.Empty(violations);
    }

    [Fact]
    public async Task SharedRecordingPage_Anonymous_PlaysWithoutPolicyViolation()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        CreatedShare share;
        await using (var scope = RecordingsSandboxSeed.ScopeAs(factory, "teacher"))
        {
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            var recordings = new List<RecordingItem>();
            await foreach (var month in scope.ServiceProvider.GetRequiredService<IRecordingService>().ListByMonthAsync(seeded.TerryId, today.AddDays(-60), today))
            {
                recordings.AddRange(month.Recordings);
            }
            share = (await scope.ServiceProvider.GetRequiredService<IRecordingShareService>().CreateAsync(seeded.ConnectionId, recordings[0].MeetingUuid, 7)).Value!;
        }
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = WatchForViolations(page);

        // Act
        await page.GotoAsync(factory.BaseUrl + share.Path);
        await page.WaitForSelectorAsync("#shared-player");
        var loaded = await page.WaitForFunctionAsync("() => document.querySelector('#shared-player').readyState >= 1 || document.querySelector('#shared-player').error !== null",
            null, new() { Timeout = 30000 });
        var mediaError = await page.EvaluateAsync<int?>("() => document.querySelector('#shared-player').error?.code ?? null");

        // Assert
        Assert.NotNull(loaded);
        Assert.Empty(violations);
        // 4 = MEDIA_ERR_SRC_NOT_SUPPORTED: the sandbox's bytes are not a decodable video; what matters is the request was allowed.
        Assert.True(mediaError is null or 4, $"media error {mediaError}");
    }

    [Fact]
    public async Task LinkZoomAccount_ZoomOnAnotherOrigin_FormRedirectAllowedAndLinkCompletes()
    {
        // Arrange: Zoom is a separate server (another origin), so the form POST's redirect to its authorize page is
        // checked against form-action.
        var (zoom, zoomUrl) = await StandaloneSandbox.StartAsync(TimeProvider.System);
        await using var _ = zoom;
        await using var portal = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Zoom:Sandbox:Enabled"] = "false",
            ["Zoom:OAuthBaseUrl"] = zoomUrl,
            ["Zoom:ApiBaseUrl"] = zoomUrl + "/v2",
        });
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var violations = WatchForViolations(page);
        await page.SignInAsync(portal.BaseUrl, "admin", "/connections");

        // Act
        await page.ClickAsync("#link-account");
        await page.WaitForSelectorAsync("#approve", new() { Timeout = 30000 });
        var authorizeUrl = page.Url;
        await page.CheckAsync("#account-2");
        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#linked-message", new() { Timeout = 30000 });
        await page.ScreenshotAsync("csp-link-zoom-other-origin");

        // Assert
        Assert.StartsWith(zoomUrl + "/oauth/authorize", authorizeUrl, StringComparison.Ordinal);
        Assert.StartsWith(portal.BaseUrl + "/connections/", page.Url, StringComparison.Ordinal);
        Assert.Empty(violations);
    }

    /// <summary>Chromium logs every blocked load, script, style or form submission as a console error naming the policy.</summary>
    private static ConcurrentQueue<string> WatchForViolations(IPage page)
    {
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        return violations;
    }
}
