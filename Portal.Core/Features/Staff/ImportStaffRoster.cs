using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Identity;

namespace Portal.Core.Features.Staff;

/// <summary>The roster's CSV import (directors): a preview of every change, then all of it in one transaction.</summary>
public sealed class ImportStaffRoster(
    IDbContextFactory<PortalDbContext> dbFactory,
    ICurrentActor currentActor,
    IAuditLog audit,
    TimeProvider clock)
{
    public async Task<ImportPreview> PreviewAsync(Stream csv, bool deactivateMissing, CancellationToken ct = default)
    {
        await currentActor.RequireDirectorAsync(StaffService.RosterRefusal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roster = await db.StaffMembers.AsNoTracking()
            .Select(s => new RosterEntry(s.Id, s.Name, s.Email, s.NormalizedEmail, s.Aliases, s.StaffRole, s.Active, s.ConnectionId)).ToListAsync(ct);
        var connections = await db.ZoomConnections.AsNoTracking().Select(c => new ConnectionRef(c.Id, c.Name, c.Slug)).ToListAsync(ct);
        return StaffCsv.Parse(csv, roster, connections, deactivateMissing);
    }

    public async Task CommitAsync(ImportPreview preview, CancellationToken ct = default)
    {
        var actor = await currentActor.RequireDirectorAsync(StaffService.RosterRefusal);
        if (!preview.CanConfirm)
        {
            throw new InvalidOperationException("This import has errors or nothing to change; fix the file and upload it again.");
        }
        var now = clock.GetUtcNow();
        var who = StaffService.ActorName(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var added = preview.Adds.Select(a => new StaffMember
        {
            Name = a.Values.Name, Email = a.Values.Email, NormalizedEmail = StaffMatcher.Normalize(a.Values.Email), Aliases = a.Values.Aliases,
            StaffRole = a.Values.StaffRole, Active = a.Values.Active, ConnectionId = a.Values.ConnectionId, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.StaffMembers.AddRange(added);
        await db.SaveChangesAsync(ct);
        foreach (var m in added)
        {
            StaffHistoryWriter.Add(db, m.Id, StaffHistoryKind.RosterChange, who, "Added by CSV import.", now);
        }

        var updateIds = preview.Updates.Select(u => u.Values.Id!.Value).Concat(preview.Deactivations.Select(d => d.Id)).ToHashSet();
        var existing = await db.StaffMembers.Include(s => s.Mapping).Where(s => updateIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        foreach (var u in preview.Updates)
        {
            var m = existing.GetValueOrDefault(u.Values.Id!.Value) ?? throw new InvalidOperationException($"Line {u.Line}: the member was deleted meanwhile; upload again.");
            var identityChanged = m.NormalizedEmail != StaffMatcher.Normalize(u.Values.Email) || m.Aliases != u.Values.Aliases || m.ConnectionId != u.Values.ConnectionId;
            m.Name = u.Values.Name;
            m.Email = u.Values.Email;
            m.Aliases = u.Values.Aliases;
            m.StaffRole = u.Values.StaffRole;
            m.Active = u.Values.Active;
            m.ConnectionId = u.Values.ConnectionId;
            m.UpdatedAt = now;
            if (identityChanged)
            {
                m.Mapping?.MarkIdentityChanged();
            }
            StaffHistoryWriter.Add(db, m.Id, StaffHistoryKind.RosterChange, who, "Updated by CSV import: " + u.Changes, now);
        }
        foreach (var d in preview.Deactivations)
        {
            if (existing.TryGetValue(d.Id, out var m))
            {
                m.Active = false;
                m.UpdatedAt = now;
                StaffHistoryWriter.Add(db, m.Id, StaffHistoryKind.RosterChange, who, "Deactivated by CSV import: missing from the file.", now);
            }
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        await audit.AddAsync(db, StaffAuditActions.Imported, AuditTarget.Roster(), null,
            new { added = preview.Adds.Count, updated = preview.Updates.Count, deactivated = preview.Deactivations.Count, unchanged = preview.Unchanged },
            actor: actor);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
