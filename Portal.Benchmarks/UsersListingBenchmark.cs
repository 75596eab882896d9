// Benchmark (issue 3, "Speed"): list every user of a 100,000-user account through the Zoom client while the sandbox
// limits the Medium category to N requests per second and answers 429 beyond it.
// Usage: dotnet run -c Release --project Portal.Benchmarks -- [--users 100000] [--rate 20] [--sequential]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Zoom;
using Portal.ZoomSandbox;

namespace Portal.Benchmarks;

internal static class UsersListingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = BenchArgs.Int(args, "--users", 100_000);
        var rate = BenchArgs.Int(args, "--rate", 20);
        var sequential = args.Contains("--sequential");
        const string account = "sandbox-account-1";

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddZoomSandbox(builder.Configuration.GetSection("Zoom:Sandbox"));
        await using var app = builder.Build();
        app.MapZoomSandbox("");
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var control = app.Services.GetRequiredService<ZoomSandboxControl>();

        var seedWatch = Stopwatch.StartNew();
        control.SeedUsers(account, users);
        var counts = new[] { "active", "inactive", "pending" }.ToDictionary(s => s, s => control.UserCount(account, s));
        Console.WriteLine($"Sandbox at {baseUrl}: {counts.Values.Sum():N0} users ({string.Join(", ", counts.Select(c => $"{c.Key} {c.Value:N0}"))}), seeded in {seedWatch.Elapsed.TotalSeconds:0.0} s (target < 2 s)");
        Console.WriteLine($"Sandbox limit: Medium {rate} req/s (429 beyond it); client configured Zoom:RateLimits:Medium = {rate}; statuses listed {(sequential ? "one after another" : "concurrently")}");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Zoom:ApiBaseUrl"] = baseUrl + "/v2",
            ["Zoom:OAuthBaseUrl"] = baseUrl,
            ["Zoom:RateLimits:Medium"] = rate.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddZoomClient();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IZoomUsers>();
        var callStatistics = provider.GetRequiredService<IZoomCallStatistics>();
        var target = ServerToServerTarget.Unsaved(account, "sandbox-s2s-client", "sandbox-s2s-secret");

        // The machine's own speed: median time of one unthrottled 300-user page straight from the sandbox (no client).
        var latency = await MeasurePageLatencyAsync(baseUrl);
        Console.WriteLine($"One 300-user page straight from the sandbox takes {latency.TotalMilliseconds:0} ms (median of 9; load average {LoadAverage()})");
        control.SetRateLimits(null, rate, null);
        control.ResetRequestCounts();
        var tokensBefore = control.TokenRequests;

        var listed = new Dictionary<ZoomUserStatus, int>();
        var failures = 0;
        var watch = Stopwatch.StartNew();
        async Task ListAsync(ZoomUserStatus status)
        {
            var n = 0;
            try
            {
                await foreach (var page in client.ListUsersAsync(target, status))
                {
                    n += page.Users.Count;
                }
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref failures);
                Console.WriteLine($"FAILED listing {status}: {ex.GetType().Name}: {ex.Message}");
            }
            lock (listed)
            {
                listed[status] = n;
            }
        }
        if (sequential)
        {
            foreach (var status in Enum.GetValues<ZoomUserStatus>())
            {
                await ListAsync(status);
            }
        }
        else
        {
            await Task.WhenAll(Enum.GetValues<ZoomUserStatus>().Select(ListAsync));
        }
        watch.Stop();

        var stats = callStatistics.Get(target.Key);
        var calls = control.RequestCount("GET", "/users");
        var expectedCalls = counts.Values.Sum(c => Math.Max(1, (c + 299) / 300));
        var floor = (double)calls / rate;
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"Users listed:        {listed.Values.Sum():N0} (expected {counts.Values.Sum():N0})");
        Console.WriteLine($"Calls made:          {calls} (sandbox count; client counted {stats.Calls[ZoomRateCategory.Medium]}; minimum {expectedCalls} = one per 300 users per status)");
        var tokenRequests = control.TokenRequests - tokensBefore;
        Console.WriteLine($"Token requests:      {tokenRequests} (client counted {stats.TokenRequests})");
        Console.WriteLine($"429 answers:         {stats.TooManyRequests}; daily limits hit {stats.DailyLimitsHit}; failed listings {failures}");
        Console.WriteLine($"Seconds:             {seconds:0.00}");
        Console.WriteLine($"Floor calls/N:       {floor:0.00} s (N = {rate}/s)");
        Console.WriteLine($"Ratio:               {seconds / floor:0.000} (target <= 1.2)");
        if (latency.TotalSeconds * (counts["active"] + 299) / 300 > floor)
        {
            Console.WriteLine($"Note: pages of one status are sequential (each needs the previous next_page_token), so {latency.TotalMilliseconds:0} ms per page bounds this run at about {latency.TotalSeconds * (counts["active"] + 299) / 300:0.0} s whatever the limit.");
        }
        var ok = failures == 0 && listed.Values.Sum() == counts.Values.Sum() && calls == expectedCalls && tokenRequests == 1 && seconds <= 1.2 * floor;
        Console.WriteLine(ok ? "RESULT: PASS" : "RESULT: FAIL");
        Summary.Add("users", $"listing {counts.Values.Sum():N0} Zoom users, sandbox Medium limit {rate} req/s",
            $"{calls} calls (minimum {expectedCalls}), {tokenRequests} token request(s), {stats.TooManyRequests} 429s, {failures} failures, "
            + $"{seconds:0.00} s against a floor of {floor:0.00} s: ratio {seconds / floor:0.000}", "calls minimal, ratio <= 1.2", ok);
        await app.StopAsync();
        return ok ? 0 : 1;

        static async Task<TimeSpan> MeasurePageLatencyAsync(string baseUrl)
        {
            using var http = new HttpClient();
            using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/oauth/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "account_credentials",
                    ["account_id"] = "sandbox-account-1",
                }),
            };
            tokenRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("sandbox-s2s-client:sandbox-s2s-secret")));
            using var tokenResponse = await http.SendAsync(tokenRequest);
            var token = System.Text.Json.JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var times = new List<TimeSpan>();
            for (var i = 0; i < 9; i++)
            {
                var sw = Stopwatch.StartNew();
                var body = await http.GetByteArrayAsync(baseUrl + "/v2/users?status=active&page_size=300");
                using var doc = System.Text.Json.JsonDocument.Parse(body);
                times.Add(sw.Elapsed);
            }
            return times.Order().ElementAt(times.Count / 2);
        }

        static string LoadAverage()
        {
            try
            {
                return File.ReadAllText("/proc/loadavg").Split(' ')[0];
            }
            catch (IOException)
            {
                return "unknown";
            }
        }
    }
}
