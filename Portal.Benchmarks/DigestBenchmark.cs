using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;

namespace Portal.Benchmarks;

/// <summary>
/// The notification digest: one run of the job's work for many directors who chose the digest, each with a week's worth of items
/// over the directors' kinds, on the portal's own SQLite file.
/// Usage: dotnet run -c Release --project Portal.Benchmarks -- digest [--directors 100] [--items 30] [--runs 5]
/// </summary>
internal static class DigestBenchmark
{
    private const double TargetMs = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        var directors = BenchArgs.Int(args, "--directors", 100);
        var items = BenchArgs.Int(args, "--items", 30);
        var runs = BenchArgs.Int(args, "--runs", 5);
        var folder = Directory.CreateTempSubdirectory("portal-digest-bench").FullName;
        try
        {
            await using var portal = new BenchPortal(Path.Combine(folder, "portal.db"));
            var dbFactory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            var now = TimeProvider.System.GetUtcNow();
            await SeedAsync(dbFactory, directors, items, now);
            var times = new List<double>();
            var queued = 0;
            for (var i = 0; i < runs + 1; i++)
            {
                await ResetAsync(dbFactory);
                await using var scope = portal.Services.CreateAsyncScope();
                var digest = scope.ServiceProvider.GetRequiredService<NotificationDigest>();
                var watch = Stopwatch.StartNew();
                queued = await digest.SendDueAsync();
                if (i >= 1)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            var median = Summary.Median(times);
            var met = median < TargetMs && queued == directors;
            Console.WriteLine($"Notification digest: {queued} digests for {directors} directors with {items} items each ({directors * items:N0} items): "
                + $"median {median:0} ms (max {times.Max():0}) over {runs} runs; target < {TargetMs:0} ms; load average {Summary.LoadAverage()}");
            Summary.Add("digest", $"digests for {directors} directors, {items} items each", $"{median:0} ms", $"< {TargetMs:0} ms", met);
            return met ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(IDbContextFactory<PortalDbContext> dbFactory, int directors, int items, DateTimeOffset now)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var people = Enumerable.Range(1, directors).Select(i => new NotificationRecipient
        {
            ObjectId = $"bench-{i}", Email = $"director{i:000}@bench.example.edu", Name = $"Director {i:000}", Roles = Roles.Director,
            LastSignInAt = now.AddDays(-1), DigestFrequency = DigestFrequency.Weekly,
        }).ToList();
        db.NotificationRecipients.AddRange(people);
        await db.SaveChangesAsync();
        foreach (var person in people)
        {
            db.NotificationPreferences.AddRange(NotificationKinds.ForDirectors.Select(kind =>
                new NotificationPreference { RecipientId = person.Id, Kind = kind, Delivery = NotificationDelivery.InDigest }));
            db.DigestItems.AddRange(Enumerable.Range(0, items).Select(n =>
            {
                var kind = NotificationKinds.ForDirectors[n % NotificationKinds.ForDirectors.Count];
                return new DigestItem
                {
                    RecipientId = person.Id, Kind = kind, Subject = $"{NotificationKinds.Describe(kind)} (#{n})",
                    Summary = $"Session “Essay review {n}” with Client {n}: what happened, in one sentence of about the usual length.",
                    Link = $"https://portal.example.edu/sessions/{1000 + n}", CreatedAt = now.AddDays(-8).AddHours(n),
                };
            }));
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Every item waiting again and no digest sent yet, so each run does the whole work.</summary>
    private static async Task ResetAsync(IDbContextFactory<PortalDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.OutboxMessages.ExecuteDeleteAsync();
        await db.DigestItems.ExecuteUpdateAsync(s => s.SetProperty(i => i.DigestMessageId, (long?)null));
        await db.NotificationRecipients.ExecuteUpdateAsync(s => s.SetProperty(r => r.LastDigestAt, (DateTimeOffset?)null));
    }
}
