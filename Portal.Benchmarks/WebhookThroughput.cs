using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Portal.Core.Features.Webhooks;
using Portal.Benchmarks;

/// <summary>
/// Webhook throughput (issue 9): the real portal in its own process on loopback, a load generator here sending
/// signed events to /zoom/webhooks/app; reports verified events per second and checks none was lost.
/// Usage: dotnet run -c Release --project Portal.Benchmarks -- webhooks [--events 10000] [--concurrency 16]
/// </summary>
internal static class WebhookThroughput
{
    private const string Secret = "benchmark-webhook-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var events = BenchArgs.Int(args, "--events", 10_000);
        var concurrency = BenchArgs.Int(args, "--concurrency", 16);
        var root = RepositoryRoot();
        var portalDll = Path.Combine(root, "Portal", "bin", "Release", "net10.0", "Portal.dll");
        if (!File.Exists(portalDll))
        {
            Console.WriteLine("Building the portal (Release)...");
            await RunToEndAsync("dotnet", $"build \"{Path.Combine(root, "Portal", "Portal.csproj")}\" -c Release -v q", root);
        }
        var folder = Directory.CreateTempSubdirectory("portal-webhook-bench").FullName;
        var dbPath = Path.Combine(folder, "bench.db");
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var portal = StartPortal(portalDll, baseUrl, dbPath);
        try
        {
            await WaitReadyAsync(baseUrl);
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            var bodies = Enumerable.Range(0, events)
                .Select(i => $"{{\"event\":\"recording.completed\",\"event_ts\":{1740439732278 + i},\"payload\":{{\"account_id\":\"bench\",\"object\":{{\"uuid\":\"bench-{i}-{Guid.NewGuid():N}\",\"id\":{i}}}}}}}")
                .ToArray();

            var next = -1;
            var failures = 0;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < bodies.Length)
                {
                    using var response = await SendAsync(http, bodies[i]);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }));
            watch.Stop();
            var perSecond = events / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"Sent {events:N0} signed events with {concurrency} concurrent senders in {watch.Elapsed.TotalSeconds:0.00} s: " +
                $"{perSecond:N0} verified and stored events/s (target >= 500); non-200 answers: {failures}");

            var (stored, processed, seconds) = await WaitProcessedAsync(dbPath, events);
            Console.WriteLine($"Stored {stored:N0}/{events:N0}; processed in the background {processed:N0}/{events:N0} " +
                $"(all processed {seconds:0.0} s after the last acknowledgement); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            var ok = failures == 0 && stored == events && processed == events && perSecond >= 500;
            Summary.Add("webhooks", $"{events:N0} signed events, {concurrency} concurrent senders, portal in its own process",
                $"{perSecond:N0} events/s, {failures} errors, {stored:N0} stored and {processed:N0} processed ({seconds:0.0} s after the last acknowledgement)",
                ">= 500/s, none lost", ok);
            return ok ? 0 : 1;
        }
        finally
        {
            portal.Kill(entireProcessTree: true);
            await portal.WaitForExitAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string body)
    {
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/zoom/webhooks/app") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        request.Headers.Add("x-zm-signature", WebhookSignature.Compute(Secret, timestamp, bytes));
        return await http.SendAsync(request);
    }

    private static Process StartPortal(string portalDll, string baseUrl, string dbPath)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{portalDll}\" --urls {baseUrl}")
        {
            WorkingDirectory = Path.GetDirectoryName(portalDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={dbPath}";
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment["Zoom__OAuthApp__WebhookSecretToken"] = Secret;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The portal did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(string baseUrl)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 120; i++)
        {
            try
            {
                using var response = await http.GetAsync(baseUrl + "/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("The portal did not become ready within a minute.");
    }

    private static async Task<(int Stored, int Processed, double Seconds)> WaitProcessedAsync(string dbPath, int expected)
    {
        var watch = Stopwatch.StartNew();
        int stored = 0, processed = 0;
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            await using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), COUNT(ProcessedAt) FROM WebhookEvents";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            stored = reader.GetInt32(0);
            processed = reader.GetInt32(1);
            if (processed >= expected)
            {
                break;
            }
            await Task.Delay(250);
        }
        return (stored, processed, watch.Elapsed.TotalSeconds);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    private static async Task RunToEndAsync(string file, string arguments, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory })!;
        await process.WaitForExitAsync();
    }
}
