using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Identity;

namespace Portal.Core.Features.Staff;

/// <summary>The roster and its mapping as directors see it; a teacher may read only their own record.</summary>
public interface IStaffService
{
    Task<StaffResultPage> QueryAsync(StaffQuery query, CancellationToken ct = default);
    Task<IReadOnlyDictionary<MappingStatus, int>> CountsAsync(StaffQuery query, CancellationToken ct = default);
    Task<IReadOnlyList<string>> RolesAsync(CancellationToken ct = default);
    Task<IReadOnlyList<ConnectionRef>> ConnectionsAsync(CancellationToken ct = default);
    Task<IReadOnlyList<ConnectionSyncState>> SyncStatesAsync(CancellationToken ct = default);

    /// <summary>A member's record and history; null when it does not exist or the actor may not see it.</summary>
    Task<StaffDetail?> GetAsync(int id, CancellationToken ct = default);

    /// <summary>The signed-in person's own record (bound by e-mail, then object id).</summary>
    Task<StaffDetail?> GetMineAsync(CancellationToken ct = default);

    Task<StaffMemberInput?> GetForEditAsync(int id, CancellationToken ct = default);
    Task<int> SaveAsync(StaffMemberInput input, CancellationToken ct = default);

    Task<ImportPreview> PreviewImportAsync(Stream csv, bool deactivateMissing, CancellationToken ct = default);
    Task CommitImportAsync(ImportPreview preview, CancellationToken ct = default);
    IAsyncEnumerable<StaffCsv.ExportRow> ExportAsync(StaffQuery query, CancellationToken ct = default);

    Task<(IReadOnlyList<UnmatchedZoomUser> Items, int Total)> UnmatchedZoomUsersAsync(int? connectionId, string? search, int skip, int take, CancellationToken ct = default);
    Task<IReadOnlyList<ReclaimCandidate>> ReclaimCandidatesAsync(int? connectionId, CancellationToken ct = default);
    int ReclaimAfterDays { get; }
}

/// <summary>The roster's queries; editing a member (<see cref="SaveStaffMember"/>) and the CSV import (<see cref="ImportStaffRoster"/>) are their own use cases.</summary>
public sealed class StaffService(
    IDbContextFactory<PortalDbContext> dbFactory,
    ICurrentActor currentActor,
    IStaffIdentityBinder binder,
    SaveStaffMember save,
    ImportStaffRoster import,
    IOptions<StaffOptions> options,
    TimeProvider clock) : IStaffService
{
    public int ReclaimAfterDays => options.Value.ReclaimAfterDays;

    public Task<StaffMemberInput?> GetForEditAsync(int id, CancellationToken ct = default) => save.GetForEditAsync(id, ct);

    public Task<int> SaveAsync(StaffMemberInput input, CancellationToken ct = default) => save.SaveAsync(input, ct);

    public Task<ImportPreview> PreviewImportAsync(Stream csv, bool deactivateMissing, CancellationToken ct = default) =>
        import.PreviewAsync(csv, deactivateMissing, ct);

    public Task CommitImportAsync(ImportPreview preview, CancellationToken ct = default) => import.CommitAsync(preview, ct);

    public async Task<StaffResultPage> QueryAsync(StaffQuery query, CancellationToken ct = default)
    {
        await EnsureDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = Filter(db.StaffMembers.AsNoTracking(), query, withStatus: true);
        var total = await filtered.CountAsync(ct);
        var items = await Project(Sort(filtered, query).Skip(query.Skip).Take(query.Take)).ToListAsync(ct);
        return new StaffResultPage(items, total);
    }

    public async Task<IReadOnlyDictionary<MappingStatus, int>> CountsAsync(StaffQuery query, CancellationToken ct = default)
    {
        await EnsureDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await Filter(db.StaffMembers.AsNoTracking(), query, withStatus: false)
            .Select(s => s.Mapping == null ? MappingStatus.NotChecked : s.Mapping.Status)
            .GroupBy(s => s).Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return counts.ToDictionary(c => c.Key, c => c.Count);
    }

    public async Task<IReadOnlyList<string>> RolesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.StaffMembers.Select(s => s.StaffRole).Distinct().ToListAsync(ct);
        return roles.Union(StaffRules.SuggestedRoles).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<ConnectionRef>> ConnectionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ZoomConnections.AsNoTracking().OrderBy(c => c.Name).Select(c => new ConnectionRef(c.Id, c.Name, c.Slug)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ConnectionSyncState>> SyncStatesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connections = await db.ZoomConnections.AsNoTracking().Where(c => !c.Disabled).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.Kind, c.GrantedScopes, c.LinkedByEmail }).ToListAsync(ct);
        var states = new List<ConnectionSyncState>();
        foreach (var c in connections)
        {
            var last = await db.SyncRuns.AsNoTracking().Where(r => r.ConnectionId == c.Id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            var good = last is { Succeeded: true } ? last
                : await db.SyncRuns.AsNoTracking().Where(r => r.ConnectionId == c.Id && r.Succeeded).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            states.Add(new ConnectionSyncState(c.Id, c.Name, last, good)
            {
                SwitchedOffReason = AccountWideAccess.Reason(AccountWideFeature.StaffSync, c.Kind, c.GrantedScopes, c.LinkedByEmail),
            });
        }
        return states;
    }

    public async Task<StaffDetail?> GetAsync(int id, CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        if (!actor.IsAdminOrDirector)
        {
            var mine = await binder.FindForActorAsync(actor, ct);
            if (mine?.Id != id)
            {
                return null;
            }
        }
        return await LoadDetailAsync(id, ct);
    }

    public async Task<StaffDetail?> GetMineAsync(CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        var mine = await binder.FindForActorAsync(actor, ct);
        return mine is null ? null : await LoadDetailAsync(mine.Id, ct);
    }

    private async Task<StaffDetail?> LoadDetailAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Project(db.StaffMembers.AsNoTracking().Where(s => s.Id == id)).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var extra = await db.StaffMembers.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.ObjectId, s.CreatedAt }).FirstAsync(ct);
        var history = await db.Set<StaffHistory>().AsNoTracking().Where(h => h.StaffMemberId == id).OrderByDescending(h => h.Id).Take(500).ToListAsync(ct);
        return new StaffDetail(row, extra.ObjectId, extra.CreatedAt, history);
    }

    public async IAsyncEnumerable<StaffCsv.ExportRow> ExportAsync(StaffQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await EnsureDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Sort(Filter(db.StaffMembers.AsNoTracking(), query, withStatus: true), query with { SortBy = query.SortBy ?? "name" })
            .Select(s => new StaffCsv.ExportRow(s.Name, s.Email, s.Aliases, s.StaffRole, s.Connection == null ? null : s.Connection.Name, s.Active,
                s.Mapping == null ? null : s.Mapping.Status, s.Mapping == null ? null : s.Mapping.Reason, s.Mapping == null ? null : s.Mapping.ZoomEmail,
                s.Mapping == null ? null : s.Mapping.ZoomUserType, s.Mapping == null ? null : s.Mapping.ZoomLastLoginAt,
                s.Mapping == null ? null : s.Mapping.CheckedAt));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    public async Task<(IReadOnlyList<UnmatchedZoomUser> Items, int Total)> UnmatchedZoomUsersAsync(int? connectionId, string? search, int skip, int take, CancellationToken ct = default)
    {
        await EnsureDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = (await DistinctZoomUsers.ApplyAsync(db, db.ZoomUserSnapshots.AsNoTracking(), connectionId is not null, ct))
            .Where(u => u.StaffMemberId == null);
        if (connectionId is { } cid)
        {
            q = q.Where(u => u.ConnectionId == cid);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            q = q.Where(u => u.NormalizedEmail.Contains(s) || u.DisplayName.ToLower().Contains(s));
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(u => u.NormalizedEmail).Skip(skip).Take(take)
            .Join(db.ZoomConnections, u => u.ConnectionId, c => c.Id, (u, c) => new UnmatchedZoomUser(u.Id, u.ConnectionId, c.Name, u.ZoomUserId, u.Email,
                u.DisplayName, u.Type, u.Status, u.LastLoginAt))
            .ToListAsync(ct);
        return (items, total);
    }

    public async Task<IReadOnlyList<ReclaimCandidate>> ReclaimCandidatesAsync(int? connectionId, CancellationToken ct = default)
    {
        await EnsureDirectorAsync();
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.ReclaimAfterDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = (await DistinctZoomUsers.ApplyAsync(db, db.ZoomUserSnapshots.AsNoTracking(), connectionId is not null, ct))
            .Where(u => u.Type == (int)Zoom.ZoomUserType.Licensed && u.Status == "active" && u.ZoomUserId != null
                && (u.LastLoginAt == null || u.LastLoginAt < cutoff));
        if (connectionId is { } cid)
        {
            q = q.Where(u => u.ConnectionId == cid);
        }
        return await q.OrderBy(u => u.LastLoginAt).Take(500)
            .Join(db.ZoomConnections, u => u.ConnectionId, c => c.Id, (u, c) => new { u, c.Name })
            .GroupJoin(db.StaffMembers, x => x.u.StaffMemberId, s => s.Id, (x, s) => new { x.u, x.Name, s })
            .SelectMany(x => x.s.DefaultIfEmpty(), (x, s) => new ReclaimCandidate(x.u.ConnectionId, x.Name, x.u.ZoomUserId!, x.u.Email, x.u.DisplayName,
                x.u.LastLoginAt, s == null ? null : s.Id, s == null ? null : s.Name))
            .ToListAsync(ct);
    }

    private Task<Actor> EnsureDirectorAsync() => currentActor.RequireDirectorAsync(RosterRefusal);

    internal const string RosterRefusal = "Only directors and administrators can see or change the whole roster.";

    internal static string ActorName(Actor actor) => actor.Email ?? actor.Name;

    internal static AuditTarget Target(StaffMember m) => AuditTarget.Staff(m.Id, m.Email);

    private static IQueryable<StaffMember> Filter(IQueryable<StaffMember> q, StaffQuery query, bool withStatus)
    {
        if (!query.IncludeInactive)
        {
            q = q.Where(s => s.Active);
        }
        if (query.ConnectionId is { } cid)
        {
            q = q.Where(s => s.ConnectionId == cid);
        }
        if (!string.IsNullOrWhiteSpace(query.Role))
        {
            q = q.Where(s => s.StaffRole == query.Role);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            q = q.Where(s => s.NormalizedEmail.Contains(term) || s.Name.ToLower().Contains(term) || s.Aliases.ToLower().Contains(term));
        }
        if (withStatus && query.Status is { } status)
        {
            q = status == MappingStatus.NotChecked
                ? q.Where(s => s.Mapping == null || s.Mapping.Status == MappingStatus.NotChecked)
                : q.Where(s => s.Mapping != null && s.Mapping.Status == status);
        }
        return q;
    }

    private static IQueryable<StaffMember> Sort(IQueryable<StaffMember> q, StaffQuery query)
    {
        var d = query.Descending;
        return (query.SortBy ?? "").ToLowerInvariant() switch
        {
            "email" => d ? q.OrderByDescending(s => s.NormalizedEmail) : q.OrderBy(s => s.NormalizedEmail),
            "staffrole" or "role" => d ? q.OrderByDescending(s => s.StaffRole).ThenBy(s => s.Name) : q.OrderBy(s => s.StaffRole).ThenBy(s => s.Name),
            "status" or "statuslabel" => d
                ? q.OrderByDescending(s => s.Mapping == null ? MappingStatus.NotChecked : s.Mapping.Status).ThenBy(s => s.Name)
                : q.OrderBy(s => s.Mapping == null ? MappingStatus.NotChecked : s.Mapping.Status).ThenBy(s => s.Name),
            "connection" or "connectionname" => d ? q.OrderByDescending(s => s.Connection!.Name).ThenBy(s => s.Name) : q.OrderBy(s => s.Connection!.Name).ThenBy(s => s.Name),
            "lastlogin" or "zoomlastloginat" => d ? q.OrderByDescending(s => s.Mapping!.ZoomLastLoginAt) : q.OrderBy(s => s.Mapping!.ZoomLastLoginAt),
            "checkedat" => d ? q.OrderByDescending(s => s.Mapping!.CheckedAt) : q.OrderBy(s => s.Mapping!.CheckedAt),
            "name" => d ? q.OrderByDescending(s => s.Name) : q.OrderBy(s => s.Name),
            // Problems first by default: a director opens the page to see who is not ready.
            _ => q.OrderBy(s => s.Mapping == null ? 100 : s.Mapping.Status == MappingStatus.Ready ? 200 : (int)s.Mapping.Status).ThenBy(s => s.Name),
        };
    }

    private static IQueryable<StaffRow> Project(IQueryable<StaffMember> q) =>
        q.Select(s => new StaffRow(s.Id, s.Name, s.Email, s.Aliases, s.StaffRole, s.Active, s.ConnectionId,
            s.Connection == null ? null : s.Connection.Name,
            s.Mapping == null ? MappingStatus.NotChecked : s.Mapping.Status,
            s.Mapping == null ? (s.ConnectionId == null ? "No Zoom connection assigned." : "Not checked yet.") : s.Mapping.Reason,
            s.Mapping == null ? (s.ConnectionId == null ? MappingFix.ChangeConnection : MappingFix.Sync) : s.Mapping.Fix,
            s.Mapping == null ? null : s.Mapping.ZoomUserId,
            s.Mapping == null ? null : s.Mapping.ZoomEmail,
            s.Mapping == null ? null : s.Mapping.ZoomUserType,
            s.Mapping == null ? null : s.Mapping.ZoomStatus,
            s.Mapping == null ? null : s.Mapping.ZoomLastLoginAt,
            s.Mapping == null ? null : s.Mapping.CheckedAt));
}

internal static class StaffHistoryWriter
{
    public static void Add(PortalDbContext db, int staffId, StaffHistoryKind kind, string actor, string summary, DateTimeOffset at,
        MappingStatus? oldStatus = null, MappingStatus? newStatus = null) =>
        db.Set<StaffHistory>().Add(new StaffHistory
        {
            StaffMemberId = staffId, Kind = kind, Actor = actor, Summary = summary.Length > 1000 ? summary[..1000] : summary, At = at,
            OldStatus = oldStatus, NewStatus = newStatus,
        });
}
