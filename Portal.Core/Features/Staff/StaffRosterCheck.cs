using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Features.Staff;

/// <summary>Is the signed-in person on the roster? Decides whether "My sessions", "My recordings" and "My staff record" are offered.</summary>
public interface IStaffRosterCheck
{
    Task<bool> IsOnRosterAsync(CancellationToken ct = default);
}

/// <summary>
/// The same record <see cref="IStaffIdentityBinder"/> would find (by the bound sign-in, else by e-mail when the record is
/// not bound to someone else), read only: the navigation asks on every page and must not bind or audit.
/// </summary>
public sealed class StaffRosterCheck(IDbContextFactory<PortalDbContext> dbFactory, ICurrentActor currentActor) : IStaffRosterCheck
{
    public async Task<bool> IsOnRosterAsync(CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        if (actor.IsSystem)
        {
            return false;
        }
        var objectId = string.IsNullOrEmpty(actor.ObjectId) ? null : actor.ObjectId;
        var email = string.IsNullOrWhiteSpace(actor.Email) || !StaffRules.IsValidEmail(actor.Email) ? null : StaffMatcher.Normalize(actor.Email);
        if (objectId is null && email is null)
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.StaffMembers.AnyAsync(s =>
            (objectId != null && s.ObjectId == objectId && (actor.TenantId == null || s.TenantId == null || s.TenantId == actor.TenantId))
            || (email != null && s.NormalizedEmail == email && (s.ObjectId == null || s.ObjectId == objectId)), ct);
    }
}
