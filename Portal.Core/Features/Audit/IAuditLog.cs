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

    /// <summary>Entries on this connection, or about it.</summary>
    public int? ConnectionId { get; init; }

    /// <summary>Text anywhere in the entry: who, the action, the target, the stored values.</summary>
    public string? Search { get; init; }

    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

/// <param name="Links">Which of the people and things the entries name still exist, so the page can link them.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total, AuditLinks Links);

/// <summary>The staff members, sessions and connections named by a page of entries that still exist.</summary>
public sealed record AuditLinks(IReadOnlySet<int> StaffIds, IReadOnlySet<long> SessionIds, IReadOnlySet<int> ConnectionIds,
    IReadOnlyDictionary<string, int> StaffIdByEmail)
{
    public static AuditLinks None { get; } = new(new HashSet<int>(), new HashSet<long>(), new HashSet<int>(), new Dictionary<string, int>());

    /// <summary>The staff member who is this actor (an e-mail, any case), if on the roster.</summary>
    public int? StaffOf(string actor) => StaffIdByEmail.TryGetValue(actor.Trim().ToLowerInvariant(), out var id) ? id : null;
}
