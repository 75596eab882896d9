using Portal.Core.Data;

namespace Portal.Core.Features.Notifications;

/// <summary>
/// The one way a feature sends an e-mail: it adds the messages to the caller's context without saving, so the caller's SaveChanges
/// (or transaction) commits the change and its messages together, or neither. The outbox job delivers them.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>
    /// To everyone who receives <paramref name="kind"/>: people of its role (from their sign-ins, minus those who turned it off,
    /// plus administrators who turned a directors' kind on) and Email:AlertRecipients; a digest item for those who chose the digest.
    /// </summary>
    Task QueueForRoleAsync(PortalDbContext db, NotificationKind kind, MailContent content, int? connectionId = null, CancellationToken ct = default);

    /// <summary>As <see cref="QueueForRoleAsync(PortalDbContext, NotificationKind, MailContent, int?, CancellationToken)"/>, for a message about one session.</summary>
    Task QueueForRoleAsync(PortalDbContext db, NotificationKind kind, MailContent content, int? connectionId, long? sessionId, CancellationToken ct = default);

    /// <summary>
    /// To one address (a teacher, a client). A portal person with that address has their preference applied. An invalid or missing
    /// address is kept as <see cref="OutboxStatus.InvalidRecipient"/> so the outbox shows it.
    /// </summary>
    Task QueueToAsync(PortalDbContext db, NotificationKind kind, Addressee to, MailContent content, long? sessionId = null,
        int? connectionId = null, CancellationToken ct = default);

    /// <summary>Marks a condition as reported: true when it was not active (send the message), false when it was already reported.</summary>
    Task<bool> RaiseAsync(PortalDbContext db, string conditionKey, CancellationToken ct = default);

    /// <summary>The condition no longer holds: the next <see cref="RaiseAsync"/> reports it again.</summary>
    Task ClearAsync(PortalDbContext db, string conditionKey, CancellationToken ct = default);
}

/// <summary>One recipient of a direct message; <see cref="UnsubscribeUrl"/> for clients' one-click opt-out (List-Unsubscribe).</summary>
public sealed record Addressee(string? Email, string? Name, string? UnsubscribeUrl = null);
