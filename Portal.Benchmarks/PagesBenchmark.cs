using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;

namespace Portal.Benchmarks;

/// <summary>
/// Time to interactive of each main page: a fresh full-page load in headless Chromium, from navigation start to the
/// first render the Blazor circuit delivers (MainLayout then adds <c>#interactive</c>, and a click can be handled).
/// Signed in as the development administrator, who may open every page; one warm-up load per page is not counted.
/// Usage: dotnet run -c Release --project Portal.Benchmarks -- pages [--runs 9] [--breakdown]
/// (--breakdown prints each load's navigation and resource timings and the circuit's WebSocket messages: time and size).
/// </summary>
internal static class PagesBenchmark
{
    private const double TargetMs = 350;
    private static bool s_breakdown;

    /// <summary>
    /// Runs before the page's own scripts: notes performance.now() (milliseconds since navigation start) as soon as
    /// #interactive is in the document, so that the figure does not include Playwright's round trip.
    /// </summary>
    private const string MarkInteractive = """
        (() => {
            const mark = () => {
                if (window.__portalInteractiveAt === undefined && document.getElementById('interactive')) {
                    window.__portalInteractiveAt = performance.now();
                }
                return window.__portalInteractiveAt !== undefined;
            };
            new MutationObserver((_, observer) => { if (mark()) observer.disconnect(); })
                .observe(document, { childList: true, subtree: true });
        })();
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Math.Max(1, BenchArgs.Int(args, "--runs", 9));
        s_breakdown = args.Contains("--breakdown");
        var folder = Directory.CreateTempSubdirectory("portal-pages-bench").FullName;
        try
        {
            await using var portal = new BenchPortal(Path.Combine(folder, "portal.db"));
            portal.UseKestrel(0);
            portal.StartServer();
            var staffId = await SeedAsync(portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
            string[] paths = ["/", "/staff", $"/staff/{staffId}", "/sessions", "/sessions/mine", "/recordings/mine", "/recordings/cleanup",
                "/dashboards", "/audit", "/connections", "/webhooks", "/jobs"];
            Console.WriteLine($"Pages benchmark: time to interactive of {paths.Length} pages, {runs} fresh loads each after one warm-up, "
                + $"median and p90 (nearest rank); load average {Summary.LoadAverage()}");

            await using var browser = await PageInBrowser.SignInAsync(portal, "admin");
            var context = browser.Context;
            await context.AddInitScriptAsync(MarkInteractive);
            if (s_breakdown)
            {
                await context.AddInitScriptAsync("""
                    (() => {
                        window.__ws = [];
                        const Ws = window.WebSocket;
                        window.WebSocket = function (...a) {
                            const ws = new Ws(...a);
                            window.__ws.push(`new ${performance.now()|0}`);
                            ws.addEventListener('open', () => window.__ws.push(`open ${performance.now()|0}`));
                            ws.addEventListener('message', e => window.__ws.push(`in ${performance.now()|0}:${e.data.byteLength ?? e.data.length}`));
                            const send = ws.send.bind(ws);
                            ws.send = d => { window.__ws.push(`out ${performance.now()|0}:${d.byteLength ?? d.length}`); send(d); };
                            return ws;
                        };
                        window.WebSocket.prototype = Ws.prototype;
                        Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
                    })();
                    """);
            }

            var ok = true;
            foreach (var path in paths)
            {
                await TimeToInteractiveAsync(context, browser.BaseUrl, path);
                var times = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    times.Add(await TimeToInteractiveAsync(context, browser.BaseUrl, path));
                }
                ok &= Report(path, times);
            }
            return ok ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>One fresh full-page load in a new tab; milliseconds from navigation start to #interactive.</summary>
    private static async Task<double> TimeToInteractiveAsync(IBrowserContext context, string baseUrl, string path)
    {
        var page = await context.NewPageAsync();
        try
        {
            var response = await page.GotoAsync(baseUrl + path, new() { WaitUntil = WaitUntilState.Commit, Timeout = 60000 });
            if (response is null || response.Status != 200 || new Uri(page.Url).AbsolutePath != path)
            {
                throw new InvalidOperationException($"{path} answered {response?.Status} at {page.Url}");
            }
            await page.WaitForSelectorAsync("#interactive", new() { State = WaitForSelectorState.Attached, Timeout = 60000 });
            if (s_breakdown)
            {
                Console.WriteLine(path + " " + await page.EvaluateAsync<string>("""() => { const n = performance.getEntriesByType('navigation')[0]; const r = performance.getEntriesByType('resource').map(e => `\n   ${e.name.replace(location.origin,'')} ${e.startTime|0}-${e.responseEnd|0} ${e.transferSize}`).join(''); return r + `\n ttfb ${n.responseStart|0} respEnd ${n.responseEnd|0} dcl ${n.domContentLoadedEventEnd|0} load ${n.loadEventEnd|0} interactive ${window.__portalInteractiveAt|0}\n ws ${window.__ws.join(' ')}`; }"""));
            }
            return await page.EvaluateAsync<double>("() => window.__portalInteractiveAt");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static bool Report(string path, List<double> times)
    {
        var median = Summary.Median(times);
        var sorted = times.Order().ToList();
        var p90 = sorted[(int)Math.Ceiling(0.9 * sorted.Count) - 1];
        var met = median < TargetMs;
        Console.WriteLine($"  {(met ? "PASS" : "OVER")}  {path}: median {median:N0} ms, p90 {p90:N0} ms, fastest {sorted[0]:N0} ms "
            + $"(target: median < {TargetMs:N0} ms)");
        Summary.Add("pages", $"time to interactive {path} (median of {times.Count})", $"{median:N0} ms (p90 {p90:N0})", $"< {TargetMs:N0} ms", met);
        return met;
    }

    /// <summary>One connection and a small roster, so that the staff pages have rows and a member to open.</summary>
    private static async Task<int> SeedAsync(IDbContextFactory<PortalDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var connection = new ZoomConnection
        {
            Name = "Benchmark account", Slug = "bench", Kind = ConnectionKind.ServerToServer, AccountId = "bench", ClientId = "bench", CreatedAt = now,
        };
        db.ZoomConnections.Add(connection);
        await db.SaveChangesAsync();
        for (var i = 0; i < 100; i++)
        {
            db.StaffMembers.Add(new StaffMember
            {
                Name = $"Person {i:D3}", Email = $"person{i}@univ.edu", NormalizedEmail = $"person{i}@univ.edu", StaffRole = "Tutor",
                ConnectionId = connection.Id, CreatedAt = now, UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync();
        return await db.StaffMembers.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
    }
}
