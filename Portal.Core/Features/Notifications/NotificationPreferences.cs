using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Identity;

namespace Portal.Core.Features.Notifications;

/// <summary>The signed-in person's own e-mail choices: which kinds they receive and how, their digest's frequency, their address.</summary>
public interface INotificationPreferences
{
    Task<MyNotificationSettings> GetMineAsync(CancellationToken ct = default);

    /// <summary>Saves the choices (only kinds the person may choose) in one transaction with its audit entry.</summary>
    Task SaveMineAsync(NotificationChoices choices, CancellationToken ct = default);
}

public sealed record KindChoice(NotificationKind Kind, string Description, NotificationDelivery Default, NotificationDelivery Chosen);

/// <summary>A recent message to the person that did not arrive, in words.</summary>
public sealed record UndeliveredMessage(DateTimeOffset CreatedAt, string Subject, string Problem);

public sealed record MyNotificationSettings(string? Email, string? AddressProblem, DigestFrequency Frequency,
    IReadOnlyList<KindChoice> Kinds, IReadOnlyList<UndeliveredMessage> Undelivered);

public sealed record NotificationChoices(IReadOnlyDictionary<NotificationKind, NotificationDelivery> Deliveries, DigestFrequency Frequency);

public sealed class NotificationPreferences(
    IDbContextFactory<PortalDbContext> dbFactory, ICurrentActor currentActor, IAuditLog audit, TimeProvider clock) : INotificationPreferences
{
    private const string Refusal = "Sign in to choose your e-mails.";
    private static readonly TimeSpan s_undeliveredWindow = TimeSpan.FromDays(30);

    public async Task<MyNotificationSettings> GetMineAsync(CancellationToken ct = default)
    {
        var actor = await RequirePersonAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await RecipientLookup.FindAsync(db, actor.ObjectId, actor.Email, ct);
        var chosen = row is null
            ? []
            : await db.NotificationPreferences.AsNoTracking().Where(p => p.RecipientId == row.Id).ToDictionaryAsync(p => p.Kind, p => p.Delivery, ct);
        var kinds = NotificationKinds.ChoosableBy(actor.Roles).Select(kind =>
        {
            var standard = NotificationKinds.DefaultFor(kind, actor.Roles);
            return new KindChoice(kind, NotificationKinds.Describe(kind), standard, chosen.GetValueOrDefault(kind, standard));
        }).ToList();
        var email = row?.Email ?? actor.Email;
        var problem = row?.AddressProblem ?? (NotificationOutbox.IsAddress(email?.Trim() ?? "") ? null : RecordSignIn.AddressProblemFor(email?.Trim() ?? ""));
        return new MyNotificationSettings(email, problem, row?.DigestFrequency ?? DigestFrequency.Daily, kinds,
            await UndeliveredAsync(db, row?.Id, email, ct));
    }

    private async Task<IReadOnlyList<UndeliveredMessage>> UndeliveredAsync(PortalDbContext db, int? recipientId, string? email, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - s_undeliveredWindow;
        var address = email?.Trim() ?? "";
        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => (m.Status == OutboxStatus.InvalidRecipient || m.Status == OutboxStatus.Failed) && m.CreatedAt >= since
                && ((recipientId != null && m.RecipientId == recipientId) || (address != "" && m.ToAddress == address)))
            .OrderByDescending(m => m.CreatedAt).Take(5)
            .Select(m => new { m.CreatedAt, m.Subject, m.Status, m.LastError })
            .ToListAsync(ct);
        return messages.Select(m => new UndeliveredMessage(m.CreatedAt, m.Subject, m.Status == OutboxStatus.InvalidRecipient
                ? $"Not sent: {m.LastError ?? "the address is not an e-mail address."}"
                : $"Could not be delivered: {m.LastError ?? "the mail server refused it."}"))
            .ToList();
    }

    public async Task SaveMineAsync(NotificationChoices choices, CancellationToken ct = default)
    {
        var actor = await RequirePersonAsync();
        var choosable = NotificationKinds.ChoosableBy(actor.Roles);
        if (choices.Deliveries.Keys.Where(k => !choosable.Contains(k)).Select(NotificationKinds.Describe).FirstOrDefault() is { } refused)
        {
            throw new UnauthorizedAccessException($"“{refused}” is not among the e-mails your role receives.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await RecipientLookup.FindAsync(db, actor.ObjectId, actor.Email, ct);
        if (row is null)
        {
            // Signed in before the portal recorded sign-ins: the current sign-in stands for one.
            var email = actor.Email?.Trim() ?? "";
            row = new NotificationRecipient
            {
                ObjectId = actor.ObjectId, Email = email, Name = actor.Name, Roles = RecordSignIn.RolesText(actor.Roles),
                LastSignInAt = clock.GetUtcNow(), AddressProblem = NotificationOutbox.IsAddress(email) ? null : RecordSignIn.AddressProblemFor(email),
            };
            db.NotificationRecipients.Add(row);
            await db.SaveChangesAsync(ct);
        }
        var stored = await db.NotificationPreferences.Where(p => p.RecipientId == row.Id).ToDictionaryAsync(p => p.Kind, ct);
        var current = choosable.ToDictionary(k => k, k => stored.TryGetValue(k, out var p) ? p.Delivery : NotificationKinds.DefaultFor(k, actor.Roles));
        var wanted = choosable.ToDictionary(k => k, k => choices.Deliveries.GetValueOrDefault(k, current[k]));
        foreach (var (kind, delivery) in wanted)
        {
            if (stored.TryGetValue(kind, out var existing))
            {
                existing.Delivery = delivery;
            }
            else
            {
                db.NotificationPreferences.Add(new NotificationPreference { RecipientId = row.Id, Kind = kind, Delivery = delivery });
            }
        }
        var before = Snapshot(current, row.DigestFrequency);
        row.DigestFrequency = choices.Frequency;
        var after = Snapshot(wanted, choices.Frequency);
        await audit.AddAsync(db, NotificationPreferenceAuditActions.Saved, AuditTarget.Recipient(row.Id, row.Email), before, after, actor: actor);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static Dictionary<string, string> Snapshot(Dictionary<NotificationKind, NotificationDelivery> deliveries, DigestFrequency frequency)
    {
        var snapshot = deliveries.ToDictionary(d => d.Key.ToString(), d => DeliveryWords(d.Value));
        snapshot["Digest"] = frequency == DigestFrequency.Daily ? "daily" : "weekly";
        return snapshot;
    }

    public static string DeliveryWords(NotificationDelivery delivery) => delivery switch
    {
        NotificationDelivery.Immediately => "Immediately",
        NotificationDelivery.InDigest => "In the digest",
        _ => "Off",
    };

    private async Task<Actor> RequirePersonAsync()
    {
        var actor = await currentActor.RequireStaffAsync(Refusal);
        return actor.IsSystem ? throw new UnauthorizedAccessException(Refusal) : actor;
    }
}
