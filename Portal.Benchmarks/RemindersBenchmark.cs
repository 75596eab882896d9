using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Benchmarks;

/// <summary>
/// Clients' reminders: the ClientReminders job queues the reminders of N sessions that start in the same hour (the outbox rows with
/// their text, HTML, link and opt-out link, and the "reminded" marks), measured per run from a fresh outbox. Delivering them is the
/// mail part's benchmark.
/// Usage: dotnet run -c Release --project Portal.Benchmarks -- reminders [--sessions 1000] [--runs 7]
/// </summary>
internal static class RemindersBenchmark
{
    private const double TargetMs = 5_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = BenchArgs.Int(args, "--sessions", 1000);
        var runs = BenchArgs.Int(args, "--runs", 7);
        var folder = Directory.CreateTempSubdirectory("portal-reminders-bench").FullName;
        try
        {
            await using var portal = new BenchPortal(Path.Combine(folder, "portal.db"));
            var dbFactory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            await SeedAsync(portal.Services, dbFactory, count);
            var times = new List<double>();
            var commands = 0;
            string? summary = null;
            for (var i = 0; i < runs + 1; i++)
            {
                await ResetAsync(dbFactory);
                using var scope = portal.Services.CreateScope();
                var job = scope.ServiceProvider.GetServices<IPortalJob>().Single(j => j.Name == ClientRemindersJob.JobName);
                using var counter = new SqlCommandCounter();
                var watch = Stopwatch.StartNew();
                summary = await job.RunAsync(new JobContext(null, new Progress<JobProgress>(), "benchmark"), CancellationToken.None);
                if (i > 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    commands = counter.Count;
                }
            }
            var median = Summary.Median(times);
            Console.WriteLine($"Client reminders: {count:N0} sessions starting in the same hour, job run \"{summary}\" median {median:0} ms (max {times.Max():0}), "
                + $"{commands:N0} SQL commands (SQLite writes each row on its own), {median / count:0.00} ms per reminder; target < {TargetMs:0} ms; load average {Summary.LoadAverage()}");
            return median < TargetMs ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(IServiceProvider services, IDbContextFactory<PortalDbContext> dbFactory, int count)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var scope = services.CreateScope();
        var secrets = scope.ServiceProvider.GetRequiredService<JoinLinkSecrets>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var connection = new ZoomConnection { Name = "Bench", Slug = "bench", Kind = ConnectionKind.ServerToServer, AccountId = "bench", ClientId = "bench", CreatedAt = now };
        db.ZoomConnections.Add(connection);
        var staff = Enumerable.Range(1, 20).Select(i => new StaffMember
        {
            Name = $"Tutor {i:00}", Email = $"tutor{i:00}@bench.example.edu", NormalizedEmail = $"tutor{i:00}@bench.example.edu", CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.StaffMembers.AddRange(staff);
        await db.SaveChangesAsync();
        // All within the same hour, a little less than a day ahead: inside the default 24-hour reminder time.
        var hour = now.AddHours(22);
        for (var i = 0; i < count; i++)
        {
            var start = hour.AddSeconds(i * 3600.0 / count);
            var session = new Session
            {
                StaffMemberId = staff[i % staff.Count].Id, ConnectionId = connection.Id, ClientName = $"Client {i}", ClientEmail = $"client{i}@example.org",
                StartsAt = start, EndsAt = start.AddHours(1), TimeZone = "Europe/Berlin", DurationMinutes = 60, Topic = $"Essay review {i}",
                ZoomMeetingId = 95_000_000_000 + i, JoinTokenHash = "", CreatedAt = now, UpdatedAt = now,
            };
            secrets.IssueFor(session);
            db.Sessions.Add(session);
        }
        await db.SaveChangesAsync();
    }

    private static async Task ResetAsync(IDbContextFactory<PortalDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.OutboxMessages.ExecuteDeleteAsync();
        await db.NotificationConditions.ExecuteDeleteAsync();
    }
}
