using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Identity;

namespace Portal.Core.Features.Staff;

/// <summary>Finds "my" staff record: by e-mail the first time (then binds the Entra object id), by object id from then on.</summary>
public interface IStaffIdentityBinder
{
    Task<StaffMember?> FindForActorAsync(Actor actor, CancellationToken ct);
}

public sealed class StaffIdentityBinder(IDbContextFactory<PortalDbContext> dbFactory, IAuditLog audit, TimeProvider clock) : IStaffIdentityBinder
{
    public async Task<StaffMember?> FindForActorAsync(Actor actor, CancellationToken ct)
    {
        if (actor.IsSystem)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!string.IsNullOrEmpty(actor.ObjectId))
        {
            var bound = await db.StaffMembers.AsNoTracking().FirstOrDefaultAsync(s => s.ObjectId == actor.ObjectId
                && (actor.TenantId == null || s.TenantId == null || s.TenantId == actor.TenantId), ct);
            if (bound is not null)
            {
                return bound;
            }
        }
        if (string.IsNullOrWhiteSpace(actor.Email) || !StaffRules.IsValidEmail(actor.Email))
        {
            return null;
        }
        var email = StaffMatcher.Normalize(actor.Email);
        var member = await db.StaffMembers.FirstOrDefaultAsync(s => s.NormalizedEmail == email, ct);
        if (member is null)
        {
            return null;
        }
        if (member.ObjectId is not null && member.ObjectId != actor.ObjectId)
        {
            // Already bound to someone else: an e-mail alone must not take over a record.
            await audit.WriteAsync(StaffAuditActions.SignInBindingRefused, AuditTarget.Staff(member.Id, member.Email), new { ObjectId = member.ObjectId }, new { ObjectId = actor.ObjectId }, member.ConnectionId, ct);
            return null;
        }
        if (string.IsNullOrEmpty(actor.ObjectId))
        {
            return member;
        }
        member.ObjectId = actor.ObjectId;
        member.TenantId = actor.TenantId;
        member.UpdatedAt = clock.GetUtcNow();
        StaffHistoryWriter.Add(db, member.Id, StaffHistoryKind.RosterChange, actor.Email ?? actor.Name,
            "Signed in for the first time: the Entra sign-in is now bound to this record.", clock.GetUtcNow());
        await audit.AddAsync(db, StaffAuditActions.SignInBound, AuditTarget.Staff(member.Id, member.Email), null, new { objectId = actor.ObjectId, tenantId = actor.TenantId }, member.ConnectionId);
        await db.SaveChangesAsync(ct);
        return member;
    }
}
