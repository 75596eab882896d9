using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Usage;
using Portal.Tests.TestDoubles;

namespace Portal.Benchmarks;

/// <summary>
/// The usage dashboards over a year of hourly snapshots for 20 connections (175,200 rows in a SQLite file): the service
/// queries alone (and how many SQL commands they send), and the prerendered pages through the real portal, signed in as a director.
/// Usage: dotnet run -c Release --project Portal.Benchmarks -- dashboard [--connections 20] [--runs 15]
/// </summary>
internal static class DashboardBenchmark
{
    private const int Hours = 365 * 24;
    private const long Gb = 1L << 30;
    private const double BudgetMs = 200;

    // A page drawn in the browser includes loading it and starting its circuit: the portal's time-to-interactive target.
    private const double PageBudgetMs = 350;

    public static async Task<int> RunAsync(string[] args)
    {
        var connections = BenchArgs.Int(args, "--connections", 20);
        var runs = BenchArgs.Int(args, "--runs", 15);
        var folder = Directory.CreateTempSubdirectory("portal-dashboard-bench").FullName;
        try
        {
            await using var portal = new BenchPortal(Path.Combine(folder, "portal.db"));
            portal.UseKestrel(0);
            portal.StartServer();
            var services = portal.Services;
            var seedWatch = Stopwatch.StartNew();
            var ids = await SeedAsync(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), connections);
            Console.WriteLine($"Dashboard benchmark: {connections} connections x {Hours:N0} hourly snapshots = {connections * Hours:N0} rows, "
                + $"seeded in {seedWatch.Elapsed.TotalSeconds:0.0} s; median of {runs} after 2 warm-ups; load average {Summary.LoadAverage()}");
            var one = ids[Math.Min(7, ids.Count - 1)];

            var ok = true;
            using (var counter = new SqlCommandCounter())
            {
                ok &= await MeasureAsync("overview service (all cards)", runs, counter,
                    () => InScopeAsync(services, d => d.GetOverviewAsync()));
                ok &= await MeasureAsync("one connection's dashboard service", runs, counter,
                    () => InScopeAsync(services, d => d.GetDashboardAsync(one)));
            }
            await using var browser = await PageInBrowser.SignInAsync(portal, "director");
            ok &= await MeasureInBrowserAsync($"/dashboards drawn with its {connections} cards in Chromium", runs,
                () => browser.TimeAsync("/dashboards", $"#usage-cards > :nth-child({connections})"));
            ok &= await MeasureInBrowserAsync("/dashboards/{id} drawn with its history in Chromium", runs,
                () => browser.TimeAsync($"/dashboards/{one}", "#history-panel"));
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

    private static async Task<bool> MeasureAsync(string what, int runs, SqlCommandCounter? counter, Func<Task> act)
    {
        for (var i = 0; i < 2; i++)
        {
            await act();
        }
        var times = new List<double>();
        var commands = 0;
        for (var i = 0; i < runs; i++)
        {
            var before = counter?.Count ?? 0;
            var watch = Stopwatch.StartNew();
            await act();
            times.Add(watch.Elapsed.TotalMilliseconds);
            commands = (counter?.Count ?? 0) - before;
        }
        return Report(what, times, counter is null ? "" : $", {commands} SQL commands", BudgetMs);
    }

    private static bool Report(string what, List<double> times, string queries, double budgetMs)
    {
        var median = Summary.Median(times);
        var met = median < budgetMs;
        var figure = $"median {median:0} ms ({times.Min():0}-{times.Max():0}){queries}";
        Console.WriteLine($"  {(met ? "PASS" : "OVER")}  {what}: {figure} (budget {budgetMs:0} ms)");
        Summary.Add("dashboard", what, figure, $"< {budgetMs:0} ms", met);
        return met;
    }

    private static async Task InScopeAsync(IServiceProvider services, Func<IUsageDashboardService, Task> act)
    {
        await using var scope = services.CreateAsyncScope();
        await act(scope.ServiceProvider.GetRequiredService<IUsageDashboardService>());
    }

    /// <summary>A page measured in the browser (navigation start until its data is drawn); two loads first as warm-up.</summary>
    private static async Task<bool> MeasureInBrowserAsync(string what, int runs, Func<Task<double>> load)
    {
        for (var i = 0; i < 2; i++)
        {
            await load();
        }
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            times.Add(await load());
        }
        return Report(what, times, "", PageBudgetMs);
    }

    private static async Task<List<int>> SeedAsync(IDbContextFactory<PortalDbContext> dbFactory, int count)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var rows = Enumerable.Range(1, count).Select(i => new ZoomConnection
        {
            Name = $"Center {i:00}", Slug = $"center-{i:00}", Kind = ConnectionKind.ServerToServer, AccountId = $"acc-{i}", ClientId = "client",
            CreatedAt = now,
        }).ToList();
        db.ZoomConnections.AddRange(rows);
        await db.SaveChangesAsync();
        var ids = rows.Select(c => c.Id).ToList();

        var start = now.AddHours(-Hours + 1);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.UsageSnapshots.AddRange(Enumerable.Range(0, Hours).Select(i => UsageSnapshotSamples.Create(ids[0], start.AddHours(i), 200, 120 + i / 200,
            2048 * Gb, 400 * Gb + i * 150L * (1 << 20))));
        await db.SaveChangesAsync();
        var columns = db.Model.FindEntityType(typeof(UsageSnapshot))!.GetProperties()
            .Where(p => p.Name is not nameof(UsageSnapshot.Id) and not nameof(UsageSnapshot.ConnectionId))
            .Select(p => "\"" + p.GetColumnName() + "\"").ToList();
        var list = string.Join(", ", columns);
        await using var tx = await db.Database.BeginTransactionAsync();
        foreach (var id in ids.Skip(1))
        {
#pragma warning disable EF1002 // column names come from the model, ids are ints
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO \"UsageSnapshots\" (\"ConnectionId\", {list}) SELECT {id}, {list} FROM \"UsageSnapshots\" WHERE \"ConnectionId\" = {ids[0]}");
#pragma warning restore EF1002
        }
        await tx.CommitAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        var stored = await db.UsageSnapshots.CountAsync();
        if (stored != count * Hours)
        {
            throw new InvalidOperationException($"Seeded {stored} snapshots, expected {count * Hours}");
        }
        return ids;
    }
}
