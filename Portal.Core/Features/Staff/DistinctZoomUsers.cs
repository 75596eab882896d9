using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Staff;

/// <summary>
/// Lists each Zoom user once although an older database may hold two connections of one Zoom account (and so two snapshots of
/// each of its users): a user is identified by (account id, user id), or by e-mail while pending without an id. The snapshot
/// matched to a staff member wins, then the one of the older connection.
/// </summary>
internal static class DistinctZoomUsers
{
    /// <param name="oneConnection">The listing is already limited to one connection: only hide users matched through another one.</param>
    public static async Task<IQueryable<ZoomUserSnapshot>> ApplyAsync(PortalDbContext db, IQueryable<ZoomUserSnapshot> snapshots, bool oneConnection,
        CancellationToken ct)
    {
        var shared = await db.ZoomConnections.AsNoTracking()
            .Where(c => c.AccountId != null && db.ZoomConnections.Any(o => o.Id != c.Id && o.AccountId == c.AccountId))
            .Select(c => c.Id).ToListAsync(ct);
        if (shared.Count == 0)
        {
            return snapshots;
        }
        return snapshots.Where(u => !shared.Contains(u.ConnectionId) || !db.ZoomUserSnapshots.Any(o =>
            o.ConnectionId != u.ConnectionId && shared.Contains(o.ConnectionId)
            && db.ZoomConnections.Where(c => c.Id == o.ConnectionId).Select(c => c.AccountId).FirstOrDefault()
                == db.ZoomConnections.Where(c => c.Id == u.ConnectionId).Select(c => c.AccountId).FirstOrDefault()
            && (o.ZoomUserId != null ? o.ZoomUserId == u.ZoomUserId : u.ZoomUserId == null && o.NormalizedEmail == u.NormalizedEmail)
            && ((o.StaffMemberId != null && u.StaffMemberId == null)
                || (!oneConnection && o.ConnectionId < u.ConnectionId && (o.StaffMemberId == null) == (u.StaffMemberId == null)))));
    }
}
