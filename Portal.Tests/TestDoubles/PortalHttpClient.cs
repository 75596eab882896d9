using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.TestDoubles;

/// <summary>A browser-like HTTP client: cookies kept, redirects not followed, development sign-in by role.</summary>
public sealed partial class PortalHttpClient : IDisposable
{
    private readonly HttpMessageHandler _handler;

    public PortalHttpClient(string baseUrl)
        : this(baseUrl, new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    {
    }

    /// <summary>Over a handler of the caller's (which must keep cookies and not follow redirects), e.g. through a proxy.</summary>
    public PortalHttpClient(string baseUrl, HttpMessageHandler handler)
    {
        _handler = handler;
        Http = new HttpClient(_handler) { BaseAddress = new Uri(baseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public HttpClient Http { get; }

    /// <summary>The client's cookies (sign-in, antiforgery), for opening its pages in a browser.</summary>
    public CookieContainer Cookies => (_handler as HttpClientHandler)?.CookieContainer
        ?? throw new InvalidOperationException("This client's handler keeps no cookie container.");

    /// <summary>Signs in through the development sign-in form: "admin", "director", "teacher" or "teacher2".</summary>
    public async Task SignInAsync(string user)
    {
        var token = await GetAntiforgeryTokenAsync("dev/login");
        using var response = await Http.PostAsync("account/dev-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = user,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Development sign-in as {user} failed: {(int)response.StatusCode}");
        }
    }

    /// <summary>Reads the antiforgery token from a page's form.</summary>
    public async Task<string> GetAntiforgeryTokenAsync(string path)
    {
        var html = await Http.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path.TrimStart('/'));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }
}
