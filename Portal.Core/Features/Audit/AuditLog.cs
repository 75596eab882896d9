using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Features.Audit;

public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, ICurrentActor currentActor, TimeProvider clock) : IAuditLog
{
    public async Task AddAsync(PortalDbContext db, string action, AuditTarget target, object? before = null, object? after = null,
        int? connectionId = null, Actor? actor = null)
    {
        actor ??= await currentActor.GetAsync();
        db.AuditEntries.Add(AuditEntry.Create(clock.GetUtcNow(), actor.Email ?? actor.Name, actor.ObjectId, action, target, before, after, connectionId));
    }

    public async Task WriteAsync(string action, AuditTarget target, object? before = null, object? after = null,
        int? connectionId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AddAsync(db, action, target, before, after, connectionId);
        await db.SaveChangesAsync(ct);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        await RequireDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = Filter(db.AuditEntries.AsNoTracking(), query);
        var total = await filtered.CountAsync(ct);
        var items = await filtered.OrderByDescending(e => e.Id).Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        return new AuditPage(items, total, await LinksAsync(db, items, ct));
    }

    private static async Task<AuditLinks> LinksAsync(PortalDbContext db, IReadOnlyList<AuditEntry> items, CancellationToken ct)
    {
        var targets = items.Select(AuditSentence.TargetOf).ToList();
        var staffIds = Ids(targets, AuditTargetKinds.Staff).Select(id => (int)id).ToList();
        var sessionIds = Ids(targets, AuditTargetKinds.Session).ToList();
        var connectionIds = Ids(targets, AuditTargetKinds.Connection).Concat(Ids(targets, AuditTargetKinds.Roster)).Select(id => (int)id).ToList();
        var emails = items.Select(e => e.Actor.Trim().ToLowerInvariant()).Where(a => a.Contains('@')).Distinct().ToList();
        var staff = await db.StaffMembers.AsNoTracking().Where(s => staffIds.Contains(s.Id) || emails.Contains(s.NormalizedEmail))
            .Select(s => new { s.Id, s.NormalizedEmail }).ToListAsync(ct);
        var sessions = await db.Sessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        var connections = await db.ZoomConnections.AsNoTracking().Where(c => connectionIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var byEmail = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in staff.Where(s => emails.Contains(s.NormalizedEmail)))
        {
            byEmail.TryAdd(member.NormalizedEmail, member.Id);
        }
        return new AuditLinks(staff.Select(s => s.Id).Where(staffIds.Contains).ToHashSet(), sessions.ToHashSet(), connections.ToHashSet(), byEmail);
    }

    private static IEnumerable<long> Ids(IEnumerable<AuditTarget> targets, string kind) =>
        targets.Where(t => t.Kind == kind && long.TryParse(t.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(t => long.Parse(t.Id!, System.Globalization.CultureInfo.InvariantCulture)).Distinct();

    public async IAsyncEnumerable<AuditEntry> ExportAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await RequireDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var entry in Filter(db.AuditEntries.AsNoTracking(), query).OrderByDescending(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return entry;
        }
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct = default)
    {
        await RequireDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }

    private Task<Actor> RequireDirectorAsync() => currentActor.RequireDirectorAsync("Only directors and administrators can read the audit log.");

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            var actor = q.Actor.Trim().ToLower();
            entries = entries.Where(e => e.Actor.ToLower().Contains(actor));
        }
        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            entries = entries.Where(e => e.Action == q.Action);
        }
        if (!string.IsNullOrWhiteSpace(q.Target))
        {
            var target = q.Target.Trim().ToLower();
            entries = entries.Where(e => e.Target.ToLower().Contains(target));
        }
        if (q.ConnectionId is { } connectionId)
        {
            var idText = connectionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            entries = entries.Where(e => e.ConnectionId == connectionId || (e.TargetKind == AuditTargetKinds.Connection && e.TargetId == idText));
        }
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var text = q.Search.Trim().ToLower();
            entries = entries.Where(e => e.Actor.ToLower().Contains(text) || e.Action.ToLower().Contains(text) || e.Target.ToLower().Contains(text)
                || (e.OldValue != null && e.OldValue.ToLower().Contains(text)) || (e.NewValue != null && e.NewValue.ToLower().Contains(text)));
        }
        if (q.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(e => e.At >= start);
        }
        if (q.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(e => e.At < end);
        }
        return entries;
    }
}
