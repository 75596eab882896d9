using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Identity;

namespace Portal.Core.Features.Staff;

/// <summary>Adds or edits one roster member (directors), with its history line and audit entry in the same save.</summary>
public sealed class SaveStaffMember(
    IDbContextFactory<PortalDbContext> dbFactory,
    ICurrentActor currentActor,
    IValidator<StaffMemberInput> validator,
    IAuditLog audit,
    TimeProvider clock)
{
    public async Task<StaffMemberInput?> GetForEditAsync(int id, CancellationToken ct = default)
    {
        await currentActor.RequireDirectorAsync(StaffService.RosterRefusal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.StaffMembers.AsNoTracking().Where(s => s.Id == id).Select(s => new StaffMemberInput
        {
            Id = s.Id, Name = s.Name, Email = s.Email, Aliases = s.Aliases, StaffRole = s.StaffRole, Active = s.Active, ConnectionId = s.ConnectionId,
        }).FirstOrDefaultAsync(ct);
    }

    public async Task<int> SaveAsync(StaffMemberInput input, CancellationToken ct = default)
    {
        var actor = await currentActor.RequireDirectorAsync(StaffService.RosterRefusal);
        await validator.ValidateAndThrowAsync(input, ct);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var aliases = string.Join(';', StaffMatcher.ParseAliases(input.Aliases));
        if (input.Id is null)
        {
            var member = new StaffMember
            {
                Name = input.Name.Trim(), Email = input.Email.Trim(), NormalizedEmail = StaffMatcher.Normalize(input.Email),
                Aliases = aliases, StaffRole = input.StaffRole.Trim(), Active = input.Active, ConnectionId = input.ConnectionId,
                CreatedAt = now, UpdatedAt = now,
            };
            db.StaffMembers.Add(member);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            StaffHistoryWriter.Add(db, member.Id, StaffHistoryKind.RosterChange, StaffService.ActorName(actor), "Added to the roster.", now);
            await audit.AddAsync(db, StaffAuditActions.Created, StaffService.Target(member), null, Snapshot(member), member.ConnectionId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return member.Id;
        }

        var existing = await db.StaffMembers.Include(s => s.Mapping).FirstOrDefaultAsync(s => s.Id == input.Id, ct)
            ?? throw new KeyNotFoundException("This staff member no longer exists.");
        var before = Snapshot(existing);
        var identityChanged = existing.NormalizedEmail != StaffMatcher.Normalize(input.Email) || existing.Aliases != aliases
            || existing.ConnectionId != input.ConnectionId;
        existing.Name = input.Name.Trim();
        existing.Email = input.Email.Trim();
        existing.NormalizedEmail = StaffMatcher.Normalize(input.Email);
        existing.Aliases = aliases;
        existing.StaffRole = input.StaffRole.Trim();
        existing.Active = input.Active;
        existing.ConnectionId = input.ConnectionId;
        existing.UpdatedAt = now;
        if (identityChanged && existing.Mapping is { } mapping)
        {
            StaffHistoryWriter.Add(db, existing.Id, StaffHistoryKind.StatusChange, StaffService.ActorName(actor),
                "E-mail, aliases or connection changed: the mapping must be checked again.", now, mapping.Status, MappingStatus.NotChecked);
            mapping.MarkIdentityChanged();
        }
        var after = Snapshot(existing);
        StaffHistoryWriter.Add(db, existing.Id, StaffHistoryKind.RosterChange, StaffService.ActorName(actor), "Roster entry edited: " + Diff(before, after), now);
        await audit.AddAsync(db, StaffAuditActions.Updated, StaffService.Target(existing), before, after, existing.ConnectionId);
        await db.SaveChangesAsync(ct);
        return existing.Id;
    }

    private static Dictionary<string, string?> Snapshot(StaffMember m) => new()
    {
        ["name"] = m.Name, ["email"] = m.Email, ["aliases"] = m.Aliases, ["role"] = m.StaffRole,
        ["active"] = m.Active ? "true" : "false", ["connectionId"] = m.ConnectionId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Diff(Dictionary<string, string?> before, Dictionary<string, string?> after)
    {
        var changes = after.Where(kv => before.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{kv.Key} '{before.GetValueOrDefault(kv.Key)}' → '{kv.Value}'").ToList();
        return changes.Count == 0 ? "no changes." : string.Join("; ", changes) + ".";
    }
}
