using Portal.Core.Features.Notifications;

namespace Portal.Core.Features.SessionMessages;

/// <summary>One e-mail about a session, as its page lists it: to whom, what, and where it stands in words.</summary>
public sealed record SessionMessageLine(long Id, NotificationKind Kind, string To, string Subject, OutboxStatus Status, string? Problem, DateTimeOffset QueuedAt)
{
    public bool ToClient => NotificationKinds.ForClients.Contains(Kind);

    public string StatusText => Status switch
    {
        OutboxStatus.Waiting => "Waiting to be sent",
        OutboxStatus.Sending => "Being sent",
        OutboxStatus.Sent => "Sent",
        OutboxStatus.NotSentNoServer => "Not sent: no mail server configured",
        OutboxStatus.InvalidRecipient => "Not sent: " + (Problem ?? "the address is not an e-mail address"),
        _ => "Not sent: " + (Problem ?? "the mail server refused it"),
    };
}
