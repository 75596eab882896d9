using Microsoft.Playwright;

namespace Portal.Tests.Browser;

/// <summary>One headless Debian Chromium per test class, driven by Playwright (no downloaded browser).</summary>
/// <summary>
/// Browser tests run one class at a time, after the parallel ones: on a two-core machine, Chromium next to the heavy
/// integration tests (10,000-row imports, recording downloads) starved clicks past the 30 s waits.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}

public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Browser tests need Debian's Chromium at {ChromiumPath}: run 'apt-get update && apt-get install -y chromium' (as root), or 'bash .ci/run'.");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(LaunchOptions());
    }

    /// <summary>Debian's Chromium, headless, without the background work that slows a loaded machine (also for PageReader).</summary>
    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    };

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

public static class PageExtensions
{
    /// <summary>Waits until the Blazor circuit is live (MainLayout renders #interactive after the first interactive render).</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.WaitForSelectorAsync("#interactive", new() { State = WaitForSelectorState.Attached, Timeout = 30000 });

    /// <summary>Signs in through the development sign-in page as "admin", "director", "teacher" or "teacher2".</summary>
    public static async Task SignInAsync(this IPage page, string baseUrl, string user, string returnUrl = "/")
    {
        await page.GotoAsync($"{baseUrl}/dev/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.CheckAsync($"#user-{user}");
        await page.ClickAsync("#dev-login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/dev/login", StringComparison.Ordinal), new() { Timeout = 30000 });
        await page.WaitForInteractiveAsync();
    }

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
