// Benchmark (issue 5, "Speed"): one staff sync of 10,000 staff against a 100,000-user account through the real Zoom
// client and the sandbox limiting the Medium category to N requests per second: calls against the full listing's
// minimum, and seconds against the rate-limit floor (calls / N).
// Usage: dotnet run -c Release --project Portal.Benchmarks -- sync [--staff 10000] [--users 100000] [--rate 20]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Staff;
using Portal.Core.Jobs;
using Portal.ZoomSandbox;

namespace Portal.Benchmarks.Staff;

internal static class FullSyncBenchmark
{
    private const string Account = "sandbox-account-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var staffCount = BenchArgs.Int(args, "--staff", 10_000);
        var userCount = BenchArgs.Int(args, "--users", 100_000);
        var rate = BenchArgs.Int(args, "--rate", 20);
        var folder = Path.Combine(Path.GetTempPath(), "portal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var portal = new BenchPortal(Path.Combine(folder, "portal.db"), new Dictionary<string, string?>
            {
                // Development defaults: the sandbox and the demo connection from configuration.
                ["Zoom:Sandbox:Enabled"] = "true",
                ["Zoom:VerifyConfiguredConnectionsOnStart"] = "false",
                ["Zoom:RateLimits:Medium"] = rate.ToString(CultureInfo.InvariantCulture),
            });
            portal.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            portal.StartServer();
            var services = portal.Services;
            var control = services.GetRequiredService<ZoomSandboxControl>();
            control.SeedUsers(Account, userCount);
            var inZoom = new[] { "active", "inactive", "pending" }.ToDictionary(s => s, s => control.UserCount(Account, s));
            var connectionId = await SeedRosterAsync(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), staffCount);
            Console.WriteLine($"Full staff sync: {staffCount:N0} staff against {inZoom.Values.Sum():N0} Zoom users " +
                $"({string.Join(", ", inZoom.Select(c => $"{c.Key} {c.Value:N0}"))}); sandbox Medium limit {rate} req/s");

            control.SetRateLimits(null, rate, null);
            control.ResetRequestCounts();
            var watch = Stopwatch.StartNew();
            var run = await services.GetRequiredService<IJobRunner>().RunAsync(StaffSyncJob.JobName, connectionId, "benchmark");
            watch.Stop();

            var calls = control.RequestCount("GET", "/users");
            var minimum = inZoom.Values.Sum(c => Math.Max(1, (c + 299) / 300));
            var floor = (double)calls / rate;
            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"  outcome {run.Outcome}{(run.Error is null ? "" : ": " + run.Error)}; {run.Summary}");
            Console.WriteLine($"  Zoom calls: {calls} (the full listing's minimum: {minimum}, one per 300 users per status)");
            Console.WriteLine($"  {seconds:0.00} s against a floor of {floor:0.00} s: ratio {seconds / floor:0.000} (target <= 1.2)");
            var met = run.Outcome == JobOutcome.Succeeded && calls <= minimum && seconds <= 1.2 * floor;
            Summary.Add("sync", $"one staff sync, {staffCount:N0} staff vs {inZoom.Values.Sum():N0} Zoom users, limit {rate} req/s",
                $"{calls} calls (listing minimum {minimum}), {seconds:0.00} s against a floor of {floor:0.00} s: ratio {seconds / floor:0.000}",
                "calls <= listing, ratio <= 1.2", met);
            return met ? 0 : 1;
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

    /// <summary>The configured demo connection (sandbox account 1), with staff whose e-mails are the seeded bulk users'.</summary>
    private static async Task<int> SeedRosterAsync(IDbContextFactory<PortalDbContext> dbFactory, int staffCount)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var connectionId = await db.ZoomConnections.Where(c => c.AccountId == Account).Select(c => c.Id).SingleAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var roles = new[] { "Tutor", "Consultant", "Teacher" };
        for (var i = 0; i < staffCount; i++)
        {
            // Every tenth member is not in Zoom at all.
            var email = i % 10 == 9 ? $"not.in.zoom{i}@writing.example.edu" : $"bulk.user{i:D6}@writing.example.edu";
            db.StaffMembers.Add(new StaffMember
            {
                Name = $"Staff {i:D5}", Email = email, NormalizedEmail = email, Aliases = "", StaffRole = roles[i % 3],
                ConnectionId = connectionId, CreatedAt = TimeProvider.System.GetUtcNow(), UpdatedAt = TimeProvider.System.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync();
        return connectionId;
    }
}
