using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Sessions;
using Portal.Core.Jobs;
using Portal.Core.Text;

namespace Portal.Core.Features.SessionMessages;

/// <summary>
/// Queues each client's reminder once, Sessions:ClientReminderBefore before the start: one query finds the sessions due (scheduled,
/// not yet reminded, address not opted out), and each batch's reminders and "reminded" marks commit in one SaveChanges.
/// </summary>
public sealed class ClientRemindersJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    SessionMailer messages,
    IOptions<SessionsOptions> options,
    TimeProvider clock) : IPortalJob
{
    public const string JobName = "ClientReminders";
    public const int BatchSize = 500;

    public string Name => JobName;
    public string DefaultSchedule => "00:05:00";
    public string? Description => "E-mails each client a reminder before their session (Sessions:ClientReminderBefore), once per session.";
    public bool PerConnection => false;

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var before = options.Value.ClientReminderBefore;
        if (before <= TimeSpan.Zero)
        {
            return "Client reminders are off (Sessions:ClientReminderBefore is 0).";
        }
        var total = 0;
        while (true)
        {
            var queued = await QueueBatchAsync(before, ct);
            total += queued;
            context.Progress.Report(new JobProgress($"{Plural.Of(total, "reminder")} queued"));
            if (queued < BatchSize)
            {
                return $"{Plural.Of(total, "reminder")} queued.";
            }
        }
    }

    private async Task<int> QueueBatchAsync(TimeSpan before, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + before;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Sessions.AsNoTracking()
            .Where(s => s.State == SessionState.Scheduled && s.StartsAt > now && s.StartsAt <= until)
            .Where(s => !db.ClientReminderOptOuts.Any(o => o.Email == s.ClientEmail.Trim().ToLower()))
            .Where(s => !db.NotificationConditions.Any(c => c.Key == "client-reminder:" + s.Id.ToString() && c.ClearedAt == null))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id)
            .Select(s => new { Session = s, HostName = s.StaffMember!.Name })
            .Take(BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }
        // Marks cleared by a move are raised again rather than added twice.
        var keys = due.Select(d => SessionMailer.ReminderKey(d.Session.Id)).ToList();
        var cleared = await db.NotificationConditions.Where(c => keys.Contains(c.Key)).ToDictionaryAsync(c => c.Key, ct);
        foreach (var item in due)
        {
            var key = SessionMailer.ReminderKey(item.Session.Id);
            if (cleared.TryGetValue(key, out var condition))
            {
                condition.RaisedAt = now;
                condition.ClearedAt = null;
            }
            else
            {
                db.NotificationConditions.Add(new NotificationCondition { Key = key, RaisedAt = now });
            }
            await messages.ReminderAsync(db, item.Session, item.HostName, ct);
        }
        await db.SaveChangesAsync(ct);
        return due.Count;
    }
}
