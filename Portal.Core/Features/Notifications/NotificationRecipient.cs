namespace Portal.Core.Features.Notifications;

/// <summary>A person who receives the portal's messages: recorded at each sign-in (e-mail and roles), or configured in Email:AlertRecipients.</summary>
public sealed class NotificationRecipient
{
    public int Id { get; set; }

    /// <summary>Entra ID object id; null for configured addresses.</summary>
    public string? ObjectId { get; set; }
    public required string Email { get; set; }
    public string? Name { get; set; }

    /// <summary>Role values at the last sign-in, comma-separated (see <see cref="Identity.Roles"/>).</summary>
    public string Roles { get; set; } = "";
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>True for addresses from Email:AlertRecipients (they receive the administrators' and directors' kinds).</summary>
    public bool FromConfiguration { get; set; }
    public DigestFrequency DigestFrequency { get; set; }
    public DateTimeOffset? LastDigestAt { get; set; }

    /// <summary>Why messages to this person cannot be delivered (an invalid address), shown on their preferences page.</summary>
    public string? AddressProblem { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A person's choice for one kind; no row means the role's default (<see cref="NotificationKinds.DefaultFor"/>).</summary>
public sealed class NotificationPreference
{
    public int RecipientId { get; set; }
    public NotificationKind Kind { get; set; }
    public NotificationDelivery Delivery { get; set; }
}

/// <summary>An item waiting for a person's next digest.</summary>
public sealed class DigestItem
{
    public long Id { get; set; }
    public int RecipientId { get; set; }
    public NotificationKind Kind { get; set; }
    public required string Subject { get; set; }
    public required string Summary { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when the item went out in a digest (the digest's outbox message).</summary>
    public long? DigestMessageId { get; set; }
}

/// <summary>
/// A condition that was reported (storage critical on a connection, a host who cannot host a session): a message goes out when it is
/// raised, and again only after it was cleared and raised anew.
/// </summary>
public sealed class NotificationCondition
{
    /// <summary>e.g. "storage:3:critical", "host:1234".</summary>
    public required string Key { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public DateTimeOffset? ClearedAt { get; set; }
    public bool IsActive => ClearedAt is null;
}

/// <summary>A client address that asked for no more reminders (one click from a reminder, List-Unsubscribe).</summary>
public sealed class ClientReminderOptOut
{
    /// <summary>Lower-case e-mail address.</summary>
    public required string Email { get; set; }
    public DateTimeOffset OptedOutAt { get; set; }
}
