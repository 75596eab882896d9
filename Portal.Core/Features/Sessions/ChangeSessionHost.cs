using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>Directors and administrators give a scheduled session another host: moved in Zoom when it allows, recreated otherwise.</summary>
public sealed class ChangeSessionHost(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomMeetings zoom,
    SessionSteps steps,
    SessionHostRules hosts,
    SessionZoom sessionZoom,
    IAuditLog audit,
    SessionMailer messages,
    TimeProvider clock)
{
    public async Task<SessionResult> RunAsync(long id, int newStaffMemberId, CancellationToken ct = default)
    {
        var actor = await steps.ActorAsync();
        if (!actor.IsAdminOrDirector)
        {
            return SessionResult.Refused(SessionRefusal.NotAllowed, "Only directors and administrators can change the host.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, refusal) = await steps.LoadManagedAsync(db, id, ct, notScheduled: "Only a scheduled session can be given another host.");
        if (refusal is not null)
        {
            return refusal;
        }
        var s = session!;
        if (s.StaffMemberId == newStaffMemberId)
        {
            return SessionResult.Refused(SessionRefusal.Invalid, "That staff member already hosts this session.");
        }
        var newStaff = await db.StaffMembers.Include(m => m.Mapping).FirstOrDefaultAsync(m => m.Id == newStaffMemberId, ct);
        if (newStaff is null)
        {
            return SessionResult.Refused(SessionRefusal.NotFound, "That staff member does not exist.");
        }
        var host = await hosts.CheckAsync(db, actor, newStaff, s.StartsAt, s.EndsAt, s.DurationMinutes, null, namesClient: false, ct);
        if (host.Refusal is { } hostRefusal)
        {
            return hostRefusal;
        }
        var oldStaff = s.StaffMember!;
        var old = new { Staff = oldStaff.Email, s.ZoomMeetingId };

        string? inPlaceRefusal = null;
        if (host.ConnectionId == s.ConnectionId)
        {
            try
            {
                await zoom.UpdateMeetingAsync(host.Target!, s.ZoomMeetingId, new ZoomMeetingUpdate(ScheduleFor: host.ZoomUserId), ct);
            }
            catch (ZoomApiException ex) when (ex.IsNotFound)
            {
                await steps.MarkDeletedInZoomAsync(db, s, ct);
                return SessionResult.Refused(SessionRefusal.DeletedInZoom, "The meeting had already been deleted in Zoom; the session is now shown as deleted in Zoom.");
            }
            catch (ZoomApiException ex)
            {
                inPlaceRefusal = ex.ZoomMessage;
            }
            catch (Exception ex) when (sessionZoom.Refusal(ex, newStaff.Name) is { } zoomRefusal)
            {
                return zoomRefusal;
            }
            if (inPlaceRefusal is null)
            {
                HandOver(s, newStaff.Id, host.ZoomUserId);
                await audit.AddAsync(db, SessionAuditActions.HostChanged, AuditTarget.Session(id, s.Topic), old,
                    new { Staff = newStaff.Email, s.ZoomMeetingId, Path = "in place" }, s.ConnectionId);
                await messages.HostChangedAsync(db, s, oldStaff, newStaff, ct);
                await db.SaveChangesAsync(ct);
                return SessionResult.Ok($"{newStaff.Name} now hosts the session. The meeting ID, passcode and join link are unchanged.", id);
            }
        }
        else
        {
            inPlaceRefusal = "the new host is on another Zoom account";
        }

        // Zoom would not move the meeting: recreate it under the new host, then retire the old one.
        ZoomTarget oldTarget;
        ZoomMeeting meeting;
        try
        {
            oldTarget = await hosts.TargetForHostAsync(s.ConnectionId, oldStaff, s.ZoomHostUserId, ct);
            meeting = await sessionZoom.CreateMeetingAsync(host.Target!, host.PathUserId!,
                sessionZoom.BuildMeetingRequest(s.Topic, s.StartsAt, s.DurationMinutes, s.TimeZone, s.Notes), ct);
        }
        catch (Exception ex) when (sessionZoom.Refusal(ex, newStaff.Name) is { } zoomRefusal)
        {
            return zoomRefusal;
        }
        var oldMeetingId = s.ZoomMeetingId;
        HandOver(s, newStaff.Id, host.ZoomUserId);
        s.ConnectionId = host.ConnectionId;
        s.ZoomMeetingId = meeting.Id;
        s.JoinUrl = meeting.JoinUrl;
        await audit.AddAsync(db, SessionAuditActions.HostChanged, AuditTarget.Session(id, s.Topic), old,
            new { Staff = newStaff.Email, s.ZoomMeetingId, Path = "recreated", Reason = inPlaceRefusal }, s.ConnectionId);
        await messages.HostChangedAsync(db, s, oldStaff, newStaff, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex)
        {
            sessionZoom.LogSaveFailed(ex, meeting.Id);
            await sessionZoom.TryDeleteMeetingAsync(host.Target!, meeting.Id);
            return SessionResult.Refused(SessionRefusal.SaveFailed, "The change could not be saved; the new meeting was deleted again and the session is unchanged.");
        }
        var oldDeleted = await sessionZoom.TryDeleteMeetingAsync(oldTarget, oldMeetingId);
        if (!oldDeleted)
        {
            await audit.WriteAsync(SessionAuditActions.OldMeetingNotDeleted, AuditTarget.Session(id, s.Topic), null,
                new { OldZoomMeetingId = oldMeetingId }, s.ConnectionId, ct);
        }
        return SessionResult.Ok(
            $"Zoom did not allow moving the meeting ({inPlaceRefusal}), so it was recreated under {newStaff.Name} with a new meeting ID and passcode. "
            + "The session's link stays the same: Join now on the client's page opens the new meeting."
            + (oldDeleted ? "" : $" The old meeting {oldMeetingId} could not be deleted; delete it in Zoom."),
            id);
    }

    /// <summary>The session is the new host's: the old host check no longer says anything.</summary>
    private void HandOver(Session s, int newStaffMemberId, string? zoomUserId)
    {
        s.StaffMemberId = newStaffMemberId;
        s.ZoomHostUserId = zoomUserId;
        s.HostWarning = null;
        s.HostCheckedAt = null;
        s.UpdatedAt = clock.GetUtcNow();
    }
}
