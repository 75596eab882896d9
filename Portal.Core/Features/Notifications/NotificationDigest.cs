using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Jobs;
using Portal.Core.Text;

namespace Portal.Core.Features.Notifications;

/// <summary>
/// Sends each person whose digest is due one message with the items waiting for it, grouped by kind. Daily digests go at most once a
/// day, weekly ones once a week, counted from the last digest (or, before the first, from the oldest waiting item); an hour of slack
/// keeps an hourly job's drift from skipping a day.
/// </summary>
public sealed class NotificationDigest(
    IDbContextFactory<PortalDbContext> dbFactory, INotificationOutbox outbox, IPortalLinks links, IOptions<EmailOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan s_slack = TimeSpan.FromHours(1);

    public static TimeSpan PeriodOf(DigestFrequency frequency) => frequency == DigestFrequency.Weekly ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);

    /// <summary>Queues the due digests; returns how many.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = await db.DigestItems.Where(i => i.DigestMessageId == null).ToListAsync(ct);
        if (waiting.Count == 0)
        {
            return 0;
        }
        var byPerson = waiting.GroupBy(i => i.RecipientId).ToDictionary(g => g.Key, g => g.ToList());
        var ids = byPerson.Keys.ToList();
        var people = await db.NotificationRecipients.Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var due = people.Where(p => now >= (p.LastDigestAt ?? byPerson[p.Id].Min(i => i.CreatedAt)) + PeriodOf(p.DigestFrequency) - s_slack).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Thousands of tracked items: looking at Local for each queued message would scan them all every time.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var sent = new List<(NotificationRecipient Person, OutboxMessage Message)>();
        foreach (var person in due)
        {
            var queued = db.OutboxMessages.Local.ToHashSet();
            await outbox.QueueToAsync(db, NotificationKind.Digest, new Addressee(person.Email, person.Name), Compose(person, byPerson[person.Id]), ct: ct);
            var message = db.OutboxMessages.Local.Single(m => !queued.Contains(m));
            message.RecipientId = person.Id;
            person.LastDigestAt = now;
            sent.Add((person, message));
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        foreach (var (person, message) in sent)
        {
            foreach (var item in byPerson[person.Id])
            {
                item.DigestMessageId = message.Id;
            }
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return sent.Count;
    }

    private MailContent Compose(NotificationRecipient person, IReadOnlyList<DigestItem> items)
    {
        var period = person.DigestFrequency == DigestFrequency.Weekly ? "weekly" : "daily";
        var since = (person.LastDigestAt ?? items.Min(i => i.CreatedAt)).UtcDateTime.ToString("d MMMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var sections = items.GroupBy(i => i.Kind).OrderBy(g => g.Key)
            .Select(g => new MailSection(NotificationKinds.Describe(g.Key),
                g.OrderBy(i => i.CreatedAt.UtcTicks).Select(i => new MailItem(i.Subject, i.Summary == i.Subject ? null : i.Summary, i.Link)).ToList()))
            .ToList();
        return new MailContent(
            $"Your {period} digest from {options.Value.InstitutionName}: {Plural.Of(items.Count, "update")}",
            $"What happened since {since}",
            [$"You chose to receive these e-mails together. {Plural.Of(items.Count, "update")} in {Plural.Of(sections.Count, "kind")}:"])
        {
            Sections = sections,
            Action = new MailLink("Open the portal", links.To("/")),
        };
    }
}

/// <summary>The background job that sends the digests that are due.</summary>
public sealed class NotificationDigestJob(NotificationDigest digest) : IPortalJob
{
    public const string JobName = "NotificationDigest";

    public string Name => JobName;
    public string DefaultSchedule => "01:00:00";
    public bool PerConnection => false;
    public string Description => "Queues one e-mail per person whose daily or weekly digest is due, listing the messages they chose to receive together.";

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        context.Progress.Report(new JobProgress("Queuing the digests that are due…"));
        var count = await digest.SendDueAsync(ct);
        return $"{Plural.Of(count, "digest")} queued.";
    }
}
