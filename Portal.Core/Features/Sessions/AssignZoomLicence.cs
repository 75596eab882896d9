using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>Administrators give a Basic staff member's Zoom user a licence, so they can host sessions longer than Zoom's Basic limit.</summary>
public sealed class AssignZoomLicence(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomUsers zoom,
    SessionSteps steps,
    SessionHostRules hosts,
    SessionZoom sessionZoom,
    IAuditLog audit,
    TimeProvider clock)
{
    public async Task<SessionResult> RunAsync(int staffMemberId, CancellationToken ct = default)
    {
        var actor = await steps.ActorAsync();
        if (!actor.IsInRole(Roles.Admin))
        {
            return SessionResult.Refused(SessionRefusal.NotAllowed, "Only administrators can assign Zoom licences.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = await db.StaffMembers.Include(s => s.Mapping).FirstOrDefaultAsync(s => s.Id == staffMemberId, ct);
        if (staff is null)
        {
            return SessionResult.Refused(SessionRefusal.NotFound, "That staff member does not exist.");
        }
        var host = await hosts.ResolveHostAsync(staff, AccountWideFeature.StaffAccounts, ct);
        if (host.Refusal is { } refusal)
        {
            return refusal;
        }
        try
        {
            await zoom.UpdateUserTypeAsync(host.Target!, host.PathUserId!, ZoomUserType.Licensed, ct);
        }
        catch (Exception ex) when (sessionZoom.Refusal(ex, staff.Name) is { } zoomRefusal)
        {
            return zoomRefusal;
        }
        if (staff.Mapping is { } mapping)
        {
            mapping.Status = MappingStatus.Ready;
            mapping.ZoomUserType = (int)ZoomUserType.Licensed;
            mapping.ZoomUserId = host.ZoomUserId;
            mapping.Reason = "";
            mapping.CheckedAt = clock.GetUtcNow();
        }
        await audit.AddAsync(db, StaffAuditActions.LicenceAssigned, AuditTarget.Staff(staff.Id, staff.Email), new { Type = "Basic" }, new { Type = "Licensed" }, host.ConnectionId);
        await db.SaveChangesAsync(ct);
        return new SessionResult(true, SessionRefusal.None, $"{staff.Name} now has a Zoom licence.", StaffMemberId: staff.Id);
    }
}
