using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// Pages as people get them: headless Chromium signed in through the development sign-in against a portal listening on
/// Kestrel. Signed-in pages are drawn by the Blazor circuit (no prerendering), so a page's time is measured in the browser:
/// from navigation start until an element that shows the page's data is in the document.
/// </summary>
internal sealed class PageInBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PageInBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, string baseUrl)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        BaseUrl = baseUrl;
    }

    public IBrowserContext Context { get; }

    public string BaseUrl { get; }

    /// <summary>The portal must have been started on Kestrel (<c>UseKestrel(0)</c> and <c>StartServer()</c> before its services are used).</summary>
    public static async Task<PageInBrowser> SignInAsync(BenchPortal portal, string user)
    {
        var baseUrl = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var login = await context.NewPageAsync();
        await login.GotoAsync(baseUrl + "/dev/login");
        await login.CheckAsync($"#user-{user}");
        await login.ClickAsync("#dev-login-submit");
        await login.WaitForSelectorAsync("#interactive", new() { State = WaitForSelectorState.Attached, Timeout = 60000 });
        await login.CloseAsync();
        return new PageInBrowser(playwright, browser, context, baseUrl);
    }

    /// <summary>One fresh load in a new tab: milliseconds from navigation start until <paramref name="readySelector"/> is in the document.</summary>
    public async Task<double> TimeAsync(string path, string readySelector)
    {
        var page = await Context.NewPageAsync();
        try
        {
            // Runs before the page's own scripts, so the moment is taken in the page, without Playwright's round trip.
            await page.AddInitScriptAsync($$"""
                (() => {
                    const selector = {{System.Text.Json.JsonSerializer.Serialize(readySelector)}};
                    const mark = () => {
                        if (window.__portalReadyAt === undefined && document.querySelector(selector)) {
                            window.__portalReadyAt = performance.now();
                        }
                        return window.__portalReadyAt !== undefined;
                    };
                    new MutationObserver((_, observer) => { if (mark()) observer.disconnect(); })
                        .observe(document, { childList: true, subtree: true, attributes: true });
                })();
                """);
            var response = await page.GotoAsync(BaseUrl + path, new() { WaitUntil = WaitUntilState.Commit, Timeout = 60000 });
            if (response is null || response.Status != 200 || new Uri(page.Url).AbsolutePath != path.Split('?')[0])
            {
                throw new InvalidOperationException($"{path} answered {response?.Status} at {page.Url}");
            }
            await page.WaitForFunctionAsync("() => window.__portalReadyAt !== undefined", null, new() { Timeout = 60000 });
            return await page.EvaluateAsync<double>("() => window.__portalReadyAt");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
