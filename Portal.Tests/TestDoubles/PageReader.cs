using Microsoft.Playwright;
using Portal.Tests.Browser;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// What a person sees on a page: signed-in pages are drawn by the Blazor circuit (no prerendering), so their content is
/// not in the HTTP response. This opens the page in one shared headless Chromium with an HTTP client's cookies and reads
/// the rendered text.
/// </summary>
public static class PageReader
{
    private static readonly SemaphoreSlim s_start = new(1, 1);
    private static IPlaywright? s_playwright;
    private static IBrowser? s_browser;

    /// <summary>The page's rendered HTML once the text <paramref name="waitFor"/> is on it; fails with the text it shows otherwise.</summary>
    public static async Task<string> SeenAsync(this PortalHttpClient client, string path, string waitFor)
    {
        var browser = await BrowserAsync();
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var baseUri = client.Http.BaseAddress!;
        await context.AddCookiesAsync(client.Cookies.GetCookies(baseUri).Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Url = baseUri.GetLeftPart(UriPartial.Authority),
        }));
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseUri, path.TrimStart('/')).AbsoluteUri);
        try
        {
            await page.GetByText(waitFor).First.WaitForAsync(new() { Timeout = 30000 });
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"'{waitFor}' did not appear on {path}; the page shows:\n{await page.InnerTextAsync("body")}");
        }
        return await page.ContentAsync();
    }

    private static async Task<IBrowser> BrowserAsync()
    {
        await s_start.WaitAsync();
        try
        {
            if (s_browser is null)
            {
                s_playwright = await Playwright.CreateAsync();
                s_browser = await s_playwright.Chromium.LaunchAsync(BrowserFixture.LaunchOptions());
            }
            return s_browser;
        }
        finally
        {
            s_start.Release();
        }
    }
}
