using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Benchmarks;

/// <summary>
/// The real portal in-process over its own SQLite file: development sign-in, no sandbox, no scheduled jobs, static assets
/// cached as in production, unless
/// <paramref name="settings"/> says otherwise.
/// </summary>
internal sealed class BenchPortal(string dbPath, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={dbPath}");
        builder.UseSetting("Authentication:Mode", "Development");
        builder.UseSetting("Zoom:Sandbox:Enabled", "false");
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Staff:SeedDemoRoster", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Production serves fingerprinted assets as immutable; Development revalidates every one of them (for hot reload)
        // unless told otherwise. The benchmarks run in Development only for the development sign-in.
        builder.UseSetting("EnableStaticAssetsDevelopmentCaching", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>An HTML client signed in through the development sign-in form as a demo user ("director", "admin", ...).</summary>
    public async Task<HttpClient> SignedInClientAsync(string user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var login = await client.GetStringAsync("dev/login");
        var token = WebUtility.HtmlDecode(BenchPortalPatterns.Token().Match(login).Groups[1].Value);
        using var response = await client.PostAsync("account/dev-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = user, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Development sign-in failed: {(int)response.StatusCode}");
        }
        return client;
    }
}

internal static partial class BenchPortalPatterns
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    public static partial Regex Token();
}
