using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Identity;

namespace Portal.Core.Features.Notifications;

/// <summary>The outbox and mail settings for administrators: what went out, what waits, what failed and why; resend; a test e-mail.</summary>
public interface IOutboxAdmin
{
    Task<OutboxListPage> ListAsync(OutboxFilter filter, int skip, int take, CancellationToken ct = default);

    Task<OutboxMessageView?> GetAsync(long id, CancellationToken ct = default);

    /// <summary>A failed or unsent message goes back to the queue; a sent one is queued again as a copy with a new Message-ID.</summary>
    Task<ResendResult> ResendAsync(long id, CancellationToken ct = default);

    /// <summary>The configured mail server, the password only as set or not.</summary>
    Task<MailServerSettings> SettingsAsync();

    /// <summary>Queues a test e-mail to <paramref name="address"/> (the signed-in administrator's own when empty) and sends it at once.</summary>
    Task<TestEmailResult> SendTestAsync(string? address, CancellationToken ct = default);
}

public enum OutboxFilter
{
    All,
    Waiting,
    Sent,
    Failed,
    NotSent,
    InvalidRecipient,
}

public sealed record OutboxListPage(IReadOnlyList<OutboxRow> Items, int Total, IReadOnlyDictionary<OutboxFilter, int> Counts);

public sealed record OutboxRow(long Id, DateTimeOffset CreatedAt, NotificationKind Kind, string ToAddress, string? ToName, string Subject,
    OutboxStatus Status, string StatusText, bool CanResend)
{
    public string KindText => NotificationKinds.Describe(Kind);
    public string Recipient => string.IsNullOrWhiteSpace(ToName) ? ToAddress : $"{ToName} <{ToAddress}>";
}

public sealed record OutboxMessageView(OutboxRow Row, string MessageId, string TextBody, string? CalendarFileName, string? UnsubscribeUrl, int Attempts);

public sealed record ResendResult(bool Queued, string Message, long? MessageId);

public sealed record MailServerSettings(string? Host, int Port, string Security, string? From, string InstitutionName, string? User,
    bool PasswordSet, int MaxAttempts)
{
    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

public sealed record TestEmailResult(bool Sent, string Message, long? MessageId);

internal sealed class OutboxAdmin(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOutboxDelivery delivery,
    IOptions<EmailOptions> options,
    ICurrentActor currentActor,
    IAuditLog audit,
    TimeProvider clock) : IOutboxAdmin
{
    private const string Refusal = "Only administrators see the outbox and the mail settings.";

    public async Task<OutboxListPage> ListAsync(OutboxFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await currentActor.RequireAdminAsync(Refusal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byStatus = await db.OutboxMessages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var counts = Enum.GetValues<OutboxFilter>().ToDictionary(f => f,
            f => byStatus.Where(s => f == OutboxFilter.All || Matches(f).Contains(s.Key)).Sum(s => s.Count));
        var query = db.OutboxMessages.AsNoTracking();
        if (filter != OutboxFilter.All)
        {
            var statuses = Matches(filter);
            query = query.Where(m => statuses.Contains(m.Status));
        }
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(skip).Take(take).ToListAsync(ct);
        var maxAttempts = options.Value.MaxAttempts;
        return new OutboxListPage(rows.Select(m => Row(m, maxAttempts)).ToList(), counts[filter], counts);
    }

    public async Task<OutboxMessageView?> GetAsync(long id, CancellationToken ct = default)
    {
        await currentActor.RequireAdminAsync(Refusal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        return m is null ? null : new OutboxMessageView(Row(m, options.Value.MaxAttempts), m.MessageId, m.TextBody, m.CalendarFileName, m.UnsubscribeUrl, m.Attempts);
    }

    public async Task<ResendResult> ResendAsync(long id, CancellationToken ct = default)
    {
        await currentActor.RequireAdminAsync(Refusal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (m is null)
        {
            return new ResendResult(false, "This message no longer exists.", null);
        }
        var now = clock.GetUtcNow();
        var target = AuditTarget.Email(m.Id, $"{m.Subject} to {m.ToAddress}");
        switch (m.Status)
        {
            case OutboxStatus.InvalidRecipient:
                return new ResendResult(false, $"Not resent: {m.LastError ?? "the recipient's address is not an e-mail address."}", null);
            case OutboxStatus.Waiting or OutboxStatus.Sending:
                return new ResendResult(false, "This message is already waiting to be sent.", m.Id);
            case OutboxStatus.Sent:
                var copy = new OutboxMessage
                {
                    MessageId = MailMessages.NewMessageId(options.Value.From), Kind = m.Kind, ToAddress = m.ToAddress, ToName = m.ToName,
                    RecipientId = m.RecipientId, SessionId = m.SessionId, ConnectionId = m.ConnectionId, Subject = m.Subject,
                    TextBody = m.TextBody, HtmlBody = m.HtmlBody, CalendarFileName = m.CalendarFileName, CalendarContent = m.CalendarContent,
                    UnsubscribeUrl = m.UnsubscribeUrl, Status = OutboxStatus.Waiting, CreatedAt = now, NextAttemptAt = now,
                };
                db.OutboxMessages.Add(copy);
                await audit.AddAsync(db, EmailAuditActions.Resent, target, after: new { Copy = true });
                await db.SaveChangesAsync(ct);
                await delivery.DeliverNowAsync(copy.Id, ct);
                return new ResendResult(true, $"A copy was queued to {m.ToAddress}.", copy.Id);
            default:
                var before = new { Status = Words(m.Status) };
                m.Status = OutboxStatus.Waiting;
                m.Attempts = 0;
                m.NextAttemptAt = now;
                m.LastError = null;
                await audit.AddAsync(db, EmailAuditActions.Resent, target, before, new { Status = Words(m.Status) });
                await db.SaveChangesAsync(ct);
                await delivery.DeliverNowAsync(m.Id, ct);
                return new ResendResult(true, $"Queued again for {m.ToAddress}.", m.Id);
        }
    }

    public async Task<MailServerSettings> SettingsAsync()
    {
        await currentActor.RequireAdminAsync(Refusal);
        var o = options.Value;
        return new MailServerSettings(string.IsNullOrWhiteSpace(o.Smtp.Host) ? null : o.Smtp.Host, o.Smtp.Port, o.Smtp.Security, o.From,
            o.InstitutionName, string.IsNullOrWhiteSpace(o.Smtp.User) ? null : o.Smtp.User, !string.IsNullOrEmpty(o.Smtp.Password), o.MaxAttempts);
    }

    public async Task<TestEmailResult> SendTestAsync(string? address, CancellationToken ct = default)
    {
        var actor = await currentActor.RequireAdminAsync(Refusal);
        var to = string.IsNullOrWhiteSpace(address) ? actor.Email?.Trim() : address.Trim();
        if (string.IsNullOrEmpty(to) || !NotificationOutbox.IsAddress(to))
        {
            return new TestEmailResult(false, string.IsNullOrEmpty(to) ? "Enter the address to send the test e-mail to." : $"'{to}' is not an e-mail address.", null);
        }
        var o = options.Value;
        var content = new MailContent($"Test e-mail from {o.InstitutionName}'s portal", "This is a test e-mail",
            [$"{actor.Name} sent this from the portal's e-mail settings page to check that messages arrive.",
             string.IsNullOrWhiteSpace(o.Smtp.Host) ? "No mail server is configured." : $"It went through {o.Smtp.Host}:{o.Smtp.Port}."]);
        // Added here rather than through INotificationOutbox, whose signal would start the background delivery racing this one.
        var composed = MailComposer.Compose(content, o.InstitutionName, footerLink: null);
        var now = clock.GetUtcNow();
        var message = new OutboxMessage
        {
            MessageId = MailMessages.NewMessageId(o.From), Kind = NotificationKind.TestMessage, ToAddress = to,
            ToName = actor.Email == to ? MailComposer.OneLine(actor.Name) : null, Subject = composed.Subject, TextBody = composed.Text,
            HtmlBody = composed.Html, Status = OutboxStatus.Waiting, CreatedAt = now, NextAttemptAt = now,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.OutboxMessages.Add(message);
            await audit.AddAsync(db, EmailAuditActions.TestSent, AuditTarget.Email(null, to));
            await db.SaveChangesAsync(ct);
        }
        var id = message.Id;
        var row = await delivery.DeliverNowAsync(id, ct);
        return row?.Status switch
        {
            OutboxStatus.Sent => new TestEmailResult(true, $"Sent to {to}: the mail server accepted it.", id),
            OutboxStatus.NotSentNoServer => new TestEmailResult(false, $"{OutboxDelivery.NoServerReason} Set Email:Smtp:Host to send e-mail.", id),
            null => new TestEmailResult(false, "The test e-mail was queued; the outbox job sends it.", id),
            _ => new TestEmailResult(false, $"Not sent: {row.LastError}", id),
        };
    }

    /// <summary>A message's state in words, as the outbox page shows it.</summary>
    public static string StatusText(OutboxMessage m, int maxAttempts) => m.Status switch
    {
        OutboxStatus.Sent => $"Sent at {Time(m.SentAt ?? m.CreatedAt)}",
        OutboxStatus.Waiting when m.Attempts == 0 => "Waiting to be sent",
        OutboxStatus.Waiting => $"Waiting (next try at {Time(m.NextAttemptAt)}, attempt {m.Attempts + 1} of {maxAttempts}). Last try: {m.LastError}",
        OutboxStatus.Sending => "Being sent now",
        OutboxStatus.Failed => $"Failed: {m.LastError}",
        OutboxStatus.NotSentNoServer => "Not sent: no mail server configured",
        OutboxStatus.InvalidRecipient => $"Invalid recipient: {m.LastError}",
        _ => m.Status.ToString(),
    };

    private static OutboxRow Row(OutboxMessage m, int maxAttempts) =>
        new(m.Id, m.CreatedAt, m.Kind, m.ToAddress, m.ToName, m.Subject, m.Status, StatusText(m, maxAttempts),
            m.Status is OutboxStatus.Sent or OutboxStatus.Failed or OutboxStatus.NotSentNoServer);

    private static OutboxStatus[] Matches(OutboxFilter filter) => filter switch
    {
        OutboxFilter.Waiting => [OutboxStatus.Waiting, OutboxStatus.Sending],
        OutboxFilter.Sent => [OutboxStatus.Sent],
        OutboxFilter.Failed => [OutboxStatus.Failed],
        OutboxFilter.NotSent => [OutboxStatus.NotSentNoServer],
        OutboxFilter.InvalidRecipient => [OutboxStatus.InvalidRecipient],
        _ => Enum.GetValues<OutboxStatus>(),
    };

    private static string Words(OutboxStatus status) => status switch
    {
        OutboxStatus.NotSentNoServer => "not sent (no mail server)",
        OutboxStatus.InvalidRecipient => "invalid recipient",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
