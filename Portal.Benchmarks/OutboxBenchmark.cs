using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Benchmarks;

/// <summary>
/// The outbox: (1) what queuing costs the action that causes a message (its SaveChanges with and without the message; to one client,
/// and to every administrator and director by role); (2) 1,000 client reminders for the same hour delivered to a local SMTP server.
/// Usage: dotnet run -c Release --project Portal.Benchmarks -- outbox [--runs 200] [--recipients 20] [--reminders 1000]
/// </summary>
internal static class OutboxBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("portal-outbox-bench").FullName;
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        try
        {
            await using var portal = new BenchPortal(Path.Combine(folder, "portal.db"), smtp.Settings);
            portal.UseKestrel(0);
            portal.StartServer();
            var ok = await QueuingAsync(portal, BenchArgs.Int(args, "--runs", 200), BenchArgs.Int(args, "--recipients", 20));
            ok &= await RemindersAsync(portal, smtp, BenchArgs.Int(args, "--reminders", 1000));
            return ok ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<bool> QueuingAsync(BenchPortal portal, int runs, int recipients)
    {
        var dbFactory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var outbox = portal.Services.GetRequiredService<INotificationOutbox>();
        await using var scope = portal.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var now = TimeProvider.System.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            for (var i = 0; i < recipients; i++)
            {
                db.NotificationRecipients.Add(new NotificationRecipient
                {
                    Email = $"person{i}@school.example", Name = $"Person {i}", Roles = i % 2 == 0 ? Roles.Director : $"{Roles.Admin},{Roles.Director}",
                    ObjectId = $"oid-{i}", LastSignInAt = now,
                });
            }
            await db.SaveChangesAsync();
        }
        var content = new MailContent("Storage at 95%", "Cloud recording storage is almost full", ["Storage is at 95% of the plan."])
        {
            Action = new MailLink("Open the dashboard", "https://portal.school.example/dashboards/1"),
        };

        // The triggering action: one audited change saved; then the same with a message to one client, and to everyone of a role.
        async Task<double> ActionAsync(int i, Func<PortalDbContext, Task>? queue)
        {
            var watch = Stopwatch.StartNew();
            await using var db = await dbFactory.CreateDbContextAsync();
            await audit.AddAsync(db, "bench.changed", new AuditTarget("bench", i.ToString(CultureInfo.InvariantCulture), "thing"), new { A = 1 }, new { A = 2 }, actor: Actor.System);
            if (queue is not null)
            {
                await queue(db);
            }
            await db.SaveChangesAsync();
            return watch.Elapsed.TotalMilliseconds;
        }

        var plain = new List<double>();
        var toClient = new List<double>();
        var toRole = new List<double>();
        for (var i = 0; i < runs + 10; i++)
        {
            var a = await ActionAsync(i, null);
            var b = await ActionAsync(i, db => outbox.QueueToAsync(db, NotificationKind.ClientSessionLink,
                new Addressee($"client{i}@students.example", "Cleo Client"), content));
            var c = await ActionAsync(i, db => outbox.QueueForRoleAsync(db, NotificationKind.StorageThreshold, content));
            if (i >= 10)
            {
                plain.Add(a);
                toClient.Add(b);
                toRole.Add(c);
            }
        }
        var basis = Summary.Median(plain);
        var client = Summary.Median(toClient) - basis;
        var role = Summary.Median(toRole) - basis;
        Console.WriteLine($"Action saved alone: median {basis:N2} ms; with a message to one client: +{client:N2} ms; to {recipients} directors by role: +{role:N2} ms ({runs} runs each)");
        var met = client < 5 && role < 5;
        Summary.Add("outbox", "queuing cost added to the triggering action's SaveChanges (median)",
            $"+{client:N2} ms (one client), +{role:N2} ms ({recipients} directors)", "< 5 ms", met);

        // Clear what was queued here (the background delivery is off with the scheduler) before the delivery measurement.
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.OutboxMessages.ExecuteDeleteAsync();
        }
        return met;
    }

    private static async Task<bool> RemindersAsync(BenchPortal portal, LoopbackSmtpServer smtp, int count)
    {
        var dbFactory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var outbox = portal.Services.GetRequiredService<INotificationOutbox>();
        var delivery = portal.Services.GetRequiredService<IOutboxDelivery>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            for (var i = 0; i < count; i++)
            {
                var content = new MailContent("Reminder: your session at 14:00", "Your session starts in one hour",
                    [$"Your session with Terry Teacher starts at 14:00 (UTC+01:00)."])
                {
                    Action = new MailLink("Open the session", $"https://portal.school.example/join/token{i}"),
                    Calendar = new MailCalendar("session.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"),
                };
                await outbox.QueueToAsync(db, NotificationKind.ClientReminder,
                    new Addressee($"client{i}@students.example", $"Client {i}", $"https://portal.school.example/reminders/stop/{i}"), content);
            }
            await db.SaveChangesAsync();
        }
        var watch = Stopwatch.StartNew();
        var report = await delivery.DeliverDueAsync();
        var took = watch.Elapsed;
        var arrived = smtp.Received.Count;
        Console.WriteLine($"{count:N0} reminders: {report.Sent:N0} sent, {arrived:N0} arrived at the local SMTP server in {took.TotalSeconds:N1} s " +
            $"({count / took.TotalSeconds:N0} per second), {report.Retrying} to retry, {report.Failed} failed");
        var met = report.Sent == count && arrived == count && took < TimeSpan.FromMinutes(1);
        Summary.Add("outbox", $"{count:N0} client reminders delivered to a local SMTP server",
            $"{took.TotalSeconds:N1} s, {arrived:N0}/{count:N0} arrived", "< 60 s, all", met);
        return met;
    }
}
