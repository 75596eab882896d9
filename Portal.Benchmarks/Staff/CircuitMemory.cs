using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Portal.Benchmarks.Staff;

/// <summary>
/// Managed memory the server holds per open Staff &amp; mapping page (one Blazor circuit each), with the roster
/// already seeded: 50 pages in headless Chromium, heap measured after full collections before and after.
/// </summary>
public static partial class StaffBenchmark
{
    private static async Task MeasureCircuitMemoryAsync(string dbPath, int pages, IReadOnlyDictionary<string, string?>? settings)
    {
        await using var factory = new BenchPortal(dbPath, settings);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync();
        var login = await context.NewPageAsync();
        await login.GotoAsync(baseUrl + "/dev/login?returnUrl=%2Fstaff");
        await login.CheckAsync("#user-director");
        await login.ClickAsync("#dev-login-submit");
        await login.WaitForSelectorAsync("#interactive", new() { State = WaitForSelectorState.Attached, Timeout = 60000 });
        await login.CloseAsync();
        await Task.Delay(2000);

        var before = HeapAfterCollection();
        await PauseForDumpAsync("before");
        var open = new List<IPage>();
        for (var i = 0; i < pages; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(baseUrl + "/staff");
            await page.WaitForSelectorAsync("#interactive", new() { State = WaitForSelectorState.Attached, Timeout = 60000 });
            await page.WaitForSelectorAsync("#staff-grid tbody tr", new() { Timeout = 60000 });
            open.Add(page);
        }
        await Task.Delay(2000);
        var after = HeapAfterCollection();
        await PauseForDumpAsync("after");
        var perCircuit = (after - before) / (double)pages;
        Console.WriteLine($"  {(perCircuit < 1024 * 1024 ? "PASS" : "OVER")}  managed memory per open /staff circuit ({pages} pages open, 10,000 staff): " +
            $"{perCircuit / 1024:N0} KiB (budget 1,024 KiB; heap {before / 1048576.0:N1} MiB -> {after / 1048576.0:N1} MiB)");
        Summary.Add("staff", $"managed memory per open /staff circuit ({pages} pages open)", $"{perCircuit / 1024:N0} KiB", "< 1,024 KiB", perCircuit < 1024 * 1024);
        foreach (var page in open)
        {
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// With PORTAL_BENCH_DUMP_DIR set, waits before and after opening the pages (writes label.ready with the process id,
    /// waits for label.done) so that `dotnet-dump collect` can take heap dumps to compare per type.
    /// </summary>
    private static async Task PauseForDumpAsync(string label)
    {
        if (Environment.GetEnvironmentVariable("PORTAL_BENCH_DUMP_DIR") is { Length: > 0 } dir)
        {
            File.WriteAllText(Path.Combine(dir, label + ".ready"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            while (!File.Exists(Path.Combine(dir, label + ".done")))
            {
                await Task.Delay(500);
            }
        }
    }

    private static long HeapAfterCollection()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
