using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

/// <summary>
/// axe-core on every page of the portal, as the role that uses it, in light and dark mode, at desktop and phone width:
/// no serious or critical violations. Each page is also saved as a screenshot (name-width-theme.png).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    private static readonly string[] s_blocking = ["serious", "critical"];

    public static TheoryData<string, int, bool> RoleWidthTheme()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var role in PortalPages.Roles)
        {
            foreach (var width in new[] { 1280, 390 })
            {
                data.Add(role, width, false);
                data.Add(role, width, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RoleWidthTheme))]
    public async Task EveryPage_RoleWidthAndTheme_HasNoSeriousOrCriticalAxeViolations(string role, int width, bool dark)
    {
        // Arrange
        var seeded = await PortalPages.SeedAsync(factory);
        // axe is injected as a script; the portal's CSP (tested on its own) would refuse it.
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = width < 1000 ? 844 : 800 },
            BypassCSP = true,
        });
        var page = await PortalPages.OpenAsync(context, factory.BaseUrl, role, dark);
        var found = new List<string>();

        foreach (var target in PortalPages.Of(role))
        {
            // Act
            await PortalPages.VisitAsync(page, factory.BaseUrl, target, seeded);
            await page.ScreenshotAsync($"page-{target.Name}-{width}-{(dark ? "dark" : "light")}");
            var result = await page.RunAxe();

            // Assert (collected, so that one run names every page's problems)
            found.AddRange(result.Violations
                .Where(v => s_blocking.Contains(v.Impact))
                .Select(v => $"{target.Name} ({target.Path}): {v.Id} [{v.Impact}] at {string.Join(", ", v.Nodes.Take(5).Select(n => n.Target?.ToString()))}"
                    + $" (first: {Shorten(v.Nodes[0].Html)} {Shorten(string.Join("; ", v.Nodes[0].Any.Concat(v.Nodes[0].All).Concat(v.Nodes[0].None).Select(c => c.Message)))})"));
        }
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    private static string Shorten(string? text) =>
        text is null ? "" : text.ReplaceLineEndings(" ") is var line && line.Length > 240 ? line[..240] + "…" : line;
}
