namespace Portal.Core.Features.Notifications;

public enum OutboxStatus
{
    /// <summary>Queued; delivered by the outbox job at or after <see cref="OutboxMessage.NextAttemptAt"/>.</summary>
    Waiting,

    /// <summary>Claimed by one instance until <see cref="OutboxMessage.ClaimedUntil"/>.</summary>
    Sending,

    /// <summary>The mail server accepted it (its 250 after the data was seen).</summary>
    Sent,

    /// <summary>Given up: the server refused it for good, or the retries ran out; <see cref="OutboxMessage.LastError"/> says why.</summary>
    Failed,

    /// <summary>No mail server is configured: kept on the outbox page so one can see what would have gone out.</summary>
    NotSentNoServer,

    /// <summary>The recipient's address is missing or not an e-mail address; never retried.</summary>
    InvalidRecipient,
}

/// <summary>One e-mail to one recipient, queued in the same transaction as the change that caused it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>Stable Message-ID (without angle brackets), the same on every attempt, so a repeat can be recognised.</summary>
    public required string MessageId { get; set; }
    public NotificationKind Kind { get; set; }
    public required string ToAddress { get; set; }
    public string? ToName { get; set; }

    /// <summary>The portal person this went to (administrators, directors, teachers with a sign-in), when known.</summary>
    public int? RecipientId { get; set; }
    public long? SessionId { get; set; }
    public int? ConnectionId { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }

    /// <summary>An iCalendar attachment (text/calendar), when the message carries one.</summary>
    public string? CalendarFileName { get; set; }
    public string? CalendarContent { get; set; }

    /// <summary>One-click unsubscribe address for the List-Unsubscribe header (RFC 8058), when the message offers one.</summary>
    public string? UnsubscribeUrl { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The mail server's answer or the reason it was not sent, in words; never a secret.</summary>
    public string? LastError { get; set; }
}
