using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>Cancels a scheduled session and deletes its Zoom meeting; the client's join link stops working.</summary>
public sealed class CancelSession(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomMeetings zoom,
    SessionSteps steps,
    SessionHostRules hosts,
    SessionZoom sessionZoom,
    IAuditLog audit,
    SessionMailer messages,
    TimeProvider clock)
{
    public async Task<SessionResult> RunAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, refusal) = await steps.LoadManagedAsync(db, id, ct, notScheduled: "This session is not scheduled any more.");
        if (refusal is not null)
        {
            return refusal;
        }
        var s = session!;
        bool deleted;
        try
        {
            var target = await hosts.TargetForHostAsync(s.ConnectionId, s.StaffMember!, s.ZoomHostUserId, ct);
            deleted = await zoom.DeleteMeetingAsync(target, s.ZoomMeetingId, ct);
        }
        catch (Exception ex) when (sessionZoom.Refusal(ex, s.StaffMember!.Name) is { } zoomRefusal)
        {
            return zoomRefusal;
        }
        s.State = deleted ? SessionState.Cancelled : SessionState.DeletedInZoom;
        s.UpdatedAt = clock.GetUtcNow();
        await audit.AddAsync(db, SessionAuditActions.Cancelled, AuditTarget.Session(id, s.Topic), new { State = "Scheduled" },
            new { State = s.State.ToString(), s.ZoomMeetingId }, s.ConnectionId);
        await messages.CancelledAsync(db, s, s.StaffMember!, ct);
        await db.SaveChangesAsync(ct);
        return SessionResult.Ok(deleted
            ? "The session was cancelled and its Zoom meeting deleted. The join link no longer works."
            : "The session was cancelled. Its Zoom meeting had already been deleted in Zoom.", id);
    }
}
