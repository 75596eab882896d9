using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;

namespace Portal.Benchmarks.Staff;

/// <summary>
/// Staff mapping at scale: matching + saving 10,000 staff against 100,000 Zoom users, the /staff prerender and
/// server-side paging/filtering with 10,000 staff. Runs the real portal (in-process host, own SQLite file).
/// </summary>
public static partial class StaffBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var memoryOnly = args.Contains("--memory-only");
        var syncOnly = args.Contains("--sync-only");
        var runs = Math.Max(1, BenchArgs.Int(args, "--runs", 1));
        var postgres = BenchArgs.Text(args, "--postgres");
        args = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--postgres" or "--runs"))).ToArray();
        var staffCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var zoomCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var folder = Path.Combine(Path.GetTempPath(), "portal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var database = postgres is null ? null : await BenchPostgres.CreateAsync(postgres);
        try
        {
            await using var factory = new BenchPortal(Path.Combine(folder, "portal.db"), database?.Settings);
            factory.UseKestrel(0);
            factory.StartServer();
            var services = factory.Services;
            var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            var connectionId = await SeedAsync(dbFactory, staffCount);
            var users = Generate(staffCount, zoomCount);
            Console.WriteLine($"Staff benchmark: {staffCount:N0} staff, {zoomCount:N0} Zoom users{(database is null ? "" : ", PostgreSQL")}");

            using (var scope = services.CreateScope())
            {
                var sync = scope.ServiceProvider.GetRequiredService<IStaffSyncService>();
                var stats = new SyncFetchStats(zoomCount / 300, zoomCount / 300, TimeProvider.System.GetUtcNow());
                var (first, repeat) = (new List<double>(), new List<double>());
                for (var i = 0; i < runs; i++)
                {
                    if (i > 0)
                    {
                        await ForgetSyncsAsync(dbFactory, connectionId);
                    }
                    var watch = Stopwatch.StartNew();
                    var run = await sync.ApplyAsync(connectionId, users, stats, "benchmark");
                    first.Add(watch.Elapsed.TotalMilliseconds);
                    if (i == 0)
                    {
                        Console.WriteLine($"    counts: {run.CountsJson}");
                    }
                    if (memoryOnly)
                    {
                        Report("matching + saving, first sync (every status new)", watch.Elapsed, TimeSpan.FromSeconds(2));
                        await factory.DisposeAsync();
                        await MeasureCircuitMemoryAsync(Path.Combine(folder, "portal.db"), 50, database?.Settings);
                        return;
                    }
                    watch.Restart();
                    await sync.ApplyAsync(connectionId, users, stats, "benchmark");
                    repeat.Add(watch.Elapsed.TotalMilliseconds);
                    if (runs > 1)
                    {
                        Console.WriteLine($"    run {i + 1}: first sync {first[^1]:N0} ms, repeat sync {repeat[^1]:N0} ms");
                    }
                }
                var of = runs > 1 ? $", median of {runs} (fastest {first.Min():N0} / {repeat.Min():N0} ms)" : "";
                Report($"matching + saving, first sync (every status new){of}", TimeSpan.FromMilliseconds(Median(first)), TimeSpan.FromSeconds(2));
                Report($"matching + saving, repeat sync (no changes){of}", TimeSpan.FromMilliseconds(Median(repeat)), TimeSpan.FromSeconds(2));
            }
            if (syncOnly)
            {
                return;
            }

            using (var scope = services.CreateScope())
            {
                var staff = scope.ServiceProvider.GetRequiredService<IStaffService>();
                var queries = new (string Name, StaffQuery Query)[]
                {
                    ("first page", new StaffQuery()),
                    ("page 200", new StaffQuery { Skip = 200 * 25 }),
                    ("filter Not in Zoom", new StaffQuery { Status = MappingStatus.NotInZoom }),
                    ("filter role + sort by e-mail desc", new StaffQuery { Role = "Consultant", SortBy = "email", Descending = true }),
                    ("search 'person12'", new StaffQuery { Search = "person12" }),
                };
                foreach (var (name, query) in queries)
                {
                    var times = new List<double>();
                    for (var i = 0; i < 21; i++)
                    {
                        var watch = Stopwatch.StartNew();
                        await staff.QueryAsync(query);
                        await staff.CountsAsync(query);
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }
                    Report($"grid page + status counts: {name} (median of 20)", TimeSpan.FromMilliseconds(Median(times.Skip(1))), TimeSpan.FromMilliseconds(100));
                }
            }

            await using (var browser = await PageInBrowser.SignInAsync(factory, "director"))
            {
                var drawn = new List<double>();
                for (var i = 0; i < 21; i++)
                {
                    drawn.Add(await browser.TimeAsync("/staff", "#staff-grid a.member-link"));
                }
                Report("/staff drawn with its first page of members in Chromium (median of 20, after one warm-up)",
                    TimeSpan.FromMilliseconds(Median(drawn.Skip(1))), TimeSpan.FromMilliseconds(350));
            }
            await factory.DisposeAsync();
            await MeasureCircuitMemoryAsync(Path.Combine(folder, "portal.db"), 50, database?.Settings);
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

    private static void Report(string what, TimeSpan took, TimeSpan budget)
    {
        Console.WriteLine($"  {(took <= budget ? "PASS" : "OVER")}  {what}: {took.TotalMilliseconds:N0} ms (budget {budget.TotalMilliseconds:N0} ms)");
        Summary.Add("staff", what, $"{took.TotalMilliseconds:N0} ms", $"< {budget.TotalMilliseconds:N0} ms", took <= budget);
    }

    private static double Median(IEnumerable<double> values) => Summary.Median(values);

    /// <summary>Back to a roster that was never synced, for the next first sync.</summary>
    private static async Task ForgetSyncsAsync(IDbContextFactory<PortalDbContext> dbFactory, int connectionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.ZoomUserSnapshots.Where(u => u.ConnectionId == connectionId).ExecuteDeleteAsync();
        await db.StaffMappings.Where(m => m.ConnectionId == connectionId).ExecuteDeleteAsync();
        await db.Set<StaffHistory>().ExecuteDeleteAsync();
        await db.AuditEntries.Where(a => a.ConnectionId == connectionId).ExecuteDeleteAsync();
        await db.SyncRuns.Where(r => r.ConnectionId == connectionId).ExecuteDeleteAsync();
    }

    private static async Task<int> SeedAsync(IDbContextFactory<PortalDbContext> dbFactory, int staffCount)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var connection = new ZoomConnection
        {
            Name = "Benchmark account", Slug = "bench", Kind = ConnectionKind.ServerToServer, AccountId = "bench", ClientId = "bench",
            CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.ZoomConnections.Add(connection);
        await db.SaveChangesAsync();
        var roles = new[] { "Tutor", "Consultant", "Teacher" };
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < staffCount; i++)
        {
            db.StaffMembers.Add(new StaffMember
            {
                Name = $"Person {i:D5}", Email = $"person{i}@univ.edu", NormalizedEmail = $"person{i}@univ.edu",
                Aliases = i % 10 == 0 ? $"p{i}@old.univ.edu" : "", StaffRole = roles[i % 3], ConnectionId = connection.Id,
                CreatedAt = TimeProvider.System.GetUtcNow(), UpdatedAt = TimeProvider.System.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync();
        return connection.Id;
    }

    /// <summary>90% of staff in Zoom (mixed types and statuses, some only by alias), the rest of the account strangers.</summary>
    private static List<ZoomUser> Generate(int staffCount, int zoomCount)
    {
        var rng = new Random(42);
        var users = new List<ZoomUser>(zoomCount);
        for (var i = 0; i < staffCount && users.Count < zoomCount; i++)
        {
            if (i % 10 == 9)
            {
                continue;
            }
            var email = i % 20 == 0 ? $"p{i}@old.univ.edu" : i % 7 == 0 ? $"Person{i}@Univ.edu" : $"person{i}@univ.edu";
            var status = (i % 50) switch { 1 => ZoomUserStatus.Pending, 2 => ZoomUserStatus.Inactive, _ => ZoomUserStatus.Active };
            users.Add(new ZoomUser(status == ZoomUserStatus.Pending ? null : $"u{i}", email, "P", $"{i}", null, i % 5 == 3 ? 1 : 2, status, "bench",
                TimeProvider.System.GetUtcNow().AddDays(-rng.Next(400)), null, null));
        }
        for (var j = 0; users.Count < zoomCount; j++)
        {
            users.Add(new ZoomUser($"x{j}", $"stranger{j}@univ.edu", "S", $"{j}", null, 2, ZoomUserStatus.Active, "bench", TimeProvider.System.GetUtcNow().AddDays(-rng.Next(400)), null, null));
        }
        return users;
    }
}
