using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Features.Audit;

/// <summary>
/// The one way every feature records what was done: an action (a constant of the feature's <c>*AuditActions</c>), its target and
/// the fields that changed, <paramref name="before"/> and <paramref name="after"/> being snapshots read by
/// <see cref="AuditChange.Between"/>. Never pass a secret as a value.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Adds the entry to the caller's context without saving it, so the caller's SaveChanges (or transaction) commits the change
    /// and its record together, or neither. The actor is the current one unless given.
    /// </summary>
    Task AddAsync(PortalDbContext db, string action, AuditTarget target, object? before = null, object? after = null,
        int? connectionId = null, Actor? actor = null);

    /// <summary>Records at once something that changed no data of the portal (a refusal, a failed Zoom call, a file opened).</summary>
    Task WriteAsync(string action, AuditTarget target, object? before = null, object? after = null,
        int? connectionId = null, CancellationToken ct = default);

    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default);

    IAsyncEnumerable<AuditEntry> ExportAsync(AuditQuery query, CancellationToken ct = default);

    Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct = default);
}

public sealed record AuditQuery
{
    public string? Actor { get; init; }
    public string? Action { get; init; }
    public string? Target { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total);
