namespace Portal.Core.Features.Webhooks;

public sealed class WebhookEvent
{
    public long Id { get; set; }
    public int? ConnectionId { get; set; }
    public required string Event { get; set; }

    /// <summary>Zoom sends no event id: hex SHA-256 of the raw body; unique.</summary>
    public required string Identity { get; set; }

    public required string Body { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }

    /// <summary>Set while one processor (of possibly several instances) works on the event.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>Zoom account id from the payload, for routing and the admin view.</summary>
    public string? AccountId { get; set; }
}
