using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Core.Features.Usage;
using Portal.Tests.Integration;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    private const long Gb = 1L << 30;

    [Fact]
    public async Task Dashboards_DirectorRefreshesAndComparesAccounts_Screenshots()
    {
        // Arrange: two accounts with 90 days of history; the second is nearly full
        var main = await DashboardIntegrationTests.AddSandboxConnectionAsync(factory, "Main campus");
        var downtown = await DashboardIntegrationTests.AddSandboxConnectionAsync(factory, "Downtown center", "sandbox-account-2",
            "sandbox-s2s-client-2", "sandbox-s2s-secret-2");
        var now = factory.Clock.GetUtcNow();
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            for (var d = 90; d >= 1; d--)
            {
                db.UsageSnapshots.Add(UsageSnapshotSamples.Create(main, now.AddDays(-d), 150, 110 + (90 - d) / 3, 1029 * Gb, (40 + (90 - d) * 4 / 10) * Gb));
                db.UsageSnapshots.Add(UsageSnapshotSamples.Create(downtown, now.AddDays(-d), 10, 9, 100 * Gb, (60 + (90 - d) * 4 / 10) * Gb));
            }
            await db.SaveChangesAsync();
        }
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        await page.SignInAsync(factory.BaseUrl, "director", $"/dashboards/{main}");

        // Act: refresh now, live progress, then the page shows the fresh snapshot
        await page.ClickAsync($"#refresh-now-{main}");
        await page.WaitForSelectorAsync($"#refresh-result-{main}:has-text('Refreshed.')", new() { Timeout = 30000 });
        await page.WaitForSelectorAsync("text=just now", new() { Timeout = 15000 });
        await page.ScreenshotAsync("dashboard-connection");

        await page.GotoAsync($"{factory.BaseUrl}/dashboards");
        await page.WaitForInteractiveAsync();
        await page.WaitForSelectorAsync($"#usage-card-{downtown}");
        await page.ScreenshotAsync("dashboard-overview");

        var mainText = await page.InnerTextAsync($"#usage-card-{main}");
        var downtownText = await page.InnerTextAsync($"#usage-card-{downtown}");
        await page.GotoAsync($"{factory.BaseUrl}/");
        await page.WaitForInteractiveAsync();
        var homeAlerts = await page.InnerTextAsync("#home-alerts");

        // Assert
        Assert.Contains("Licences", mainText);
        Assert.Contains("Stale", downtownText);
        Assert.Contains("90%", downtownText);
        Assert.Contains("Downtown center: Recording storage 95% full.", homeAlerts);
    }

    [Theory]
    [InlineData(1280, 800, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task Dashboard_NewConnectionFirstRefresh_HistoryFromZoomReportReadable(int width, int height, string size)
    {
        // Arrange: a connection with no snapshot yet; the sandbox serves six months of its cloud recording report
        var id = await DashboardIntegrationTests.AddSandboxConnectionAsync(factory, $"New center {size}");
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        await page.SignInAsync(factory.BaseUrl, "director", $"/dashboards/{id}");

        // Act
        await page.ClickAsync($"#refresh-now-{id}");
        await page.WaitForSelectorAsync($"#refresh-result-{id}:has-text('Refreshed.')", new() { Timeout = 60000 });
        await page.WaitForSelectorAsync("#history-from-zoom", new() { Timeout = 15000 });
        await page.ScreenshotAsync($"dashboard-first-refresh-{size}");
        var history = await page.InnerTextAsync("#history-panel");
        var storage = await page.InnerTextAsync("#storage-panel");
        var smallestLabel = await page.EvalOnSelectorAllAsync<double>("#storage-chart svg text",
            "texts => Math.min(...texts.map(t => t.getBoundingClientRect().height).filter(h => h > 0))");
        var overflow = await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth > window.innerWidth");
        await page.WaitForSelectorAsync("#consumer-users a");
        var cleanUp = await page.Locator("#consumer-users a").First.BoundingBoxAsync();
        foreach (var panel in new[] { "storage-panel", "history-panel", "consumers-panel" })
        {
            await page.Locator($"#{panel}").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"dashboard-{panel}-{size}.png") });
        }
        await page.GotoAsync($"{factory.BaseUrl}/dashboards");
        await page.WaitForInteractiveAsync();
        await page.WaitForSelectorAsync($"#usage-card-{id}");
        await page.ScreenshotAsync($"dashboard-overview-{size}");
        var thresholds = await page.InnerTextAsync("#thresholds");

        // Assert
        Assert.Contains("earlier days of storage used come from Zoom's cloud recording report", history);
        Assert.Contains("Plan storage", storage);
        Assert.DoesNotContain("cmr_monthly_commitment_1tb", storage);
        Assert.True(smallestLabel >= 10, $"chart labels are {smallestLabel:0.#} px high");
        Assert.False(overflow, "the page scrolls sideways");
        Assert.True(cleanUp is not null && cleanUp.X + cleanUp.Width <= width, "the consumers' Clean up link is off the screen");
        Assert.Equal("Warnings at 80% and critical at 95% (storage and licences).", thresholds);
    }
}
