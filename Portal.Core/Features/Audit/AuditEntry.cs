namespace Portal.Core.Features.Audit;

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public string? ActorObjectId { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public int? ConnectionId { get; set; }
}
