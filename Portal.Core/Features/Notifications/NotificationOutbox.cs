using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Features.Notifications;

// The signal is optional so that a caller without background delivery (a test) can build the outbox as before.
internal sealed class NotificationOutbox(IOptions<EmailOptions> options, IPortalLinks links, TimeProvider clock, OutboxSignal? signal = null)
    : INotificationOutbox
{
    private readonly EventHandler<SavedChangesEventArgs> _onSaved = (_, _) => signal?.Notify();

    public const string PreferencesPath = "/notifications";

    public Task QueueForRoleAsync(PortalDbContext db, NotificationKind kind, MailContent content, int? connectionId = null, CancellationToken ct = default) =>
        QueueForRoleAsync(db, kind, content, connectionId, sessionId: null, ct);

    public async Task QueueForRoleAsync(PortalDbContext db, NotificationKind kind, MailContent content, int? connectionId, long? sessionId,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var signedInSince = now - options.Value.RecipientMaxAge;
        var people = await db.NotificationRecipients.AsNoTracking()
            .Where(r => r.FromConfiguration || r.LastSignInAt >= signedInSince)
            .ToListAsync(ct);
        var choices = await db.NotificationPreferences.AsNoTracking().Where(p => p.Kind == kind)
            .ToDictionaryAsync(p => p.RecipientId, p => p.Delivery, ct);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in people)
        {
            var roles = person.FromConfiguration ? [Roles.Admin, Roles.Director] : person.RoleList;
            if (!NotificationKinds.ChoosableBy(roles).Contains(kind) || !seen.Add(person.Email))
            {
                continue;
            }
            var delivery = choices.TryGetValue(person.Id, out var chosen) ? chosen : NotificationKinds.DefaultFor(kind, roles);
            if (delivery == NotificationDelivery.Immediately)
            {
                Add(db, kind, new Addressee(person.Email, person.Name), content, person.Id, sessionId, connectionId, now);
            }
            else if (delivery == NotificationDelivery.InDigest)
            {
                AddDigestItem(db, person.Id, kind, content, now);
            }
        }
    }

    public async Task QueueToAsync(PortalDbContext db, NotificationKind kind, Addressee to, MailContent content, long? sessionId = null,
        int? connectionId = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        int? recipientId = null;
        if (!string.IsNullOrWhiteSpace(to.Email) && NotificationKinds.RoleFor(kind) is not null)
        {
            var email = to.Email.Trim();
            var person = await db.NotificationRecipients.AsNoTracking()
                .Where(r => r.Email == email && !r.FromConfiguration).FirstOrDefaultAsync(ct);
            if (person is not null)
            {
                recipientId = person.Id;
                var chosen = await db.NotificationPreferences.AsNoTracking()
                    .Where(p => p.RecipientId == person.Id && p.Kind == kind).Select(p => (NotificationDelivery?)p.Delivery).FirstOrDefaultAsync(ct);
                var delivery = chosen ?? NotificationDelivery.Immediately;
                if (delivery == NotificationDelivery.Off)
                {
                    return;
                }
                if (delivery == NotificationDelivery.InDigest)
                {
                    AddDigestItem(db, person.Id, kind, content, now);
                    return;
                }
            }
        }
        Add(db, kind, to, content, recipientId, sessionId, connectionId, now);
    }

    public async Task<bool> RaiseAsync(PortalDbContext db, string conditionKey, CancellationToken ct = default)
    {
        var condition = await FindConditionAsync(db, conditionKey, ct);
        var now = clock.GetUtcNow();
        if (condition is null)
        {
            db.NotificationConditions.Add(new NotificationCondition { Key = conditionKey, RaisedAt = now });
            return true;
        }
        if (condition.IsActive)
        {
            return false;
        }
        condition.RaisedAt = now;
        condition.ClearedAt = null;
        return true;
    }

    public async Task ClearAsync(PortalDbContext db, string conditionKey, CancellationToken ct = default)
    {
        var condition = await FindConditionAsync(db, conditionKey, ct);
        if (condition is { IsActive: true })
        {
            condition.ClearedAt = clock.GetUtcNow();
        }
    }

    private static void AddDigestItem(PortalDbContext db, int recipientId, NotificationKind kind, MailContent content, DateTimeOffset now) =>
        db.DigestItems.Add(new DigestItem
        {
            RecipientId = recipientId, Kind = kind, Subject = MailComposer.OneLine(content.Subject), Summary = content.Summary,
            Link = content.Action?.Url, CreatedAt = now,
        });

    /// <summary>Looks in the context first: the same save may already have raised or cleared it.</summary>
    private static async Task<NotificationCondition?> FindConditionAsync(PortalDbContext db, string key, CancellationToken ct) =>
        db.NotificationConditions.Local.FirstOrDefault(c => c.Key == key)
            ?? await db.NotificationConditions.FirstOrDefaultAsync(c => c.Key == key, ct);

    private void Add(PortalDbContext db, NotificationKind kind, Addressee to, MailContent content, int? recipientId, long? sessionId,
        int? connectionId, DateTimeOffset now)
    {
        var footer = to.UnsubscribeUrl is { } unsubscribe
            ? new MailLink("Stop reminders for this address", unsubscribe)
            : NotificationKinds.RoleFor(kind) is not null || kind == NotificationKind.Digest
                ? new MailLink("Choose which e-mails you receive", links.To(PreferencesPath))
                : null;
        var composed = MailComposer.Compose(content, options.Value.InstitutionName, footer);
        // Once the caller's SaveChanges commits the message, the outbox delivers it without waiting for its job's next run.
        db.SavedChanges -= _onSaved;
        db.SavedChanges += _onSaved;
        var address = to.Email?.Trim() ?? "";
        var valid = IsAddress(address);
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = MailMessages.NewMessageId(options.Value.From),
            Kind = kind,
            ToAddress = address,
            ToName = string.IsNullOrWhiteSpace(to.Name) ? null : MailComposer.OneLine(to.Name),
            RecipientId = recipientId,
            SessionId = sessionId,
            ConnectionId = connectionId,
            Subject = composed.Subject,
            TextBody = composed.Text,
            HtmlBody = composed.Html,
            CalendarFileName = content.Calendar?.FileName,
            CalendarContent = content.Calendar?.Content,
            UnsubscribeUrl = to.UnsubscribeUrl,
            Status = valid ? OutboxStatus.Waiting : OutboxStatus.InvalidRecipient,
            LastError = valid ? null : address.Length == 0 ? "No e-mail address." : $"'{address}' is not an e-mail address.",
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    public static bool IsAddress(string address) =>
        address.Length is > 2 and <= 320 && !address.Any(char.IsControl) && !address.Contains(' ')
        && MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && parsed.Host.Contains('.');
}
