namespace Portal.Core.Features.Audit;

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public string? ActorObjectId { get; set; }
    public required string Action { get; set; }

    /// <summary>The target in one searchable line (<see cref="AuditTarget.Text"/>); the only target entries before 2026-12 have.</summary>
    public required string Target { get; set; }

    public string? TargetKind { get; set; }
    public string? TargetId { get; set; }
    public string? TargetName { get; set; }

    /// <summary>The changed fields with their values before and after; empty for entries written before 2026-12.</summary>
    public List<AuditChange> Changes { get; set; } = [];

    /// <summary>Entries before 2026-12 kept their values as JSON here; newer entries use <see cref="Changes"/>.</summary>
    public string? OldValue { get; set; }

    public string? NewValue { get; set; }
    public int? ConnectionId { get; set; }

    /// <summary>The one way an entry is made, for <see cref="IAuditLog"/> and for the staff sync's bulk insert of its status changes.</summary>
    public static AuditEntry Create(DateTimeOffset at, string actor, string? actorObjectId, string action, AuditTarget target,
        object? before, object? after, int? connectionId) => new()
    {
        At = at,
        Actor = actor,
        ActorObjectId = actorObjectId,
        Action = action,
        Target = target.Text.Length <= MaxTargetLength ? target.Text : target.Text[..MaxTargetLength],
        TargetKind = target.Kind,
        TargetId = target.Id,
        TargetName = target.Name,
        Changes = [.. AuditChange.Between(before, after)],
        ConnectionId = connectionId,
    };

    internal const int MaxTargetLength = 400;
}
