using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>The links into a session's meeting: the host's start link and the session's one link (shown again, or re-issued).</summary>
public sealed class SessionLinks(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomMeetings zoom,
    SessionSteps steps,
    SessionHostRules hosts,
    SessionZoom sessionZoom,
    JoinLinkSecrets secrets,
    IAuditLog audit,
    SessionMailer messages,
    IOptions<SessionsOptions> options,
    TimeProvider clock)
{
    public async Task<StartLinkResult> GetStartLinkAsync(long id, CancellationToken ct = default)
    {
        var actor = await steps.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.Include(s => s.StaffMember).FirstOrDefaultAsync(s => s.Id == id, ct);
        var mine = await steps.FindStaffForActorAsync(actor, ct);
        if (session is null || (!actor.IsAdminOrDirector && mine?.Id != session.StaffMemberId))
        {
            return new StartLinkResult(SessionRefusal.NotFound, "This session does not exist.", null);
        }
        if (mine?.Id != session.StaffMemberId)
        {
            await audit.WriteAsync(SessionAuditActions.StartRefused, AuditTarget.Session(id, session.Topic), null, new { Reason = "not the host" }, session.ConnectionId, ct);
            return new StartLinkResult(SessionRefusal.NotAllowed,
                $"Only the host, {session.StaffMember!.Name}, can start this session: the start link signs in as the host.", null);
        }
        if (session.State != SessionState.Scheduled)
        {
            return new StartLinkResult(SessionRefusal.NotScheduled, "This session is no longer scheduled.", null);
        }
        try
        {
            var target = await hosts.TargetForHostAsync(session.ConnectionId, session.StaffMember!, session.ZoomHostUserId, ct);
            var meeting = await zoom.GetMeetingAsync(target, session.ZoomMeetingId, ct);
            if (meeting is null)
            {
                await steps.MarkDeletedInZoomAsync(db, session, ct);
                return new StartLinkResult(SessionRefusal.DeletedInZoom, "The meeting was deleted in Zoom. Schedule the session again.", null);
            }
            if (string.IsNullOrEmpty(meeting.StartUrl) || !Uri.TryCreate(meeting.StartUrl, UriKind.Absolute, out var startUrl))
            {
                return new StartLinkResult(SessionRefusal.Zoom, "Zoom did not return a start link. Try again in a moment.", null);
            }
            session.HostStartedAt = clock.GetUtcNow();
            await audit.AddAsync(db, SessionAuditActions.Started, AuditTarget.Session(id, session.Topic), null, new { session.ZoomMeetingId }, session.ConnectionId);
            await db.SaveChangesAsync(ct);
            return new StartLinkResult(SessionRefusal.None, "", startUrl);
        }
        catch (Exception ex) when (sessionZoom.Refusal(ex, session.StaffMember!.Name) is { } refusal)
        {
            return new StartLinkResult(refusal.Refusal, refusal.Message, null, refusal.Zoom);
        }
    }

    /// <summary>The session's link token for the staff who may manage the session; null when it is not theirs or was made before links were kept.</summary>
    public async Task<string?> GetJoinTokenAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, refusal) = await steps.LoadManagedAsync(db, id, ct);
        return refusal is null ? secrets.Reveal(session!) : null;
    }

    public async Task<SessionResult> IssueJoinLinkAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, refusal) = await steps.LoadManagedAsync(db, id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var token = secrets.IssueFor(session!);
        session!.JoinTokenExpiresAt = session.EndsAt + options.Value.JoinLinkValidAfterEnd;
        session.UpdatedAt = clock.GetUtcNow();
        await audit.AddAsync(db, SessionAuditActions.JoinLinkIssued, AuditTarget.Session(id, session.Topic), null, new { session.JoinTokenExpiresAt }, session.ConnectionId);
        var toClient = session.State == SessionState.Scheduled && session.EndsAt > clock.GetUtcNow();
        if (toClient)
        {
            await messages.NewLinkAsync(db, session, session.StaffMember!, token, ct);
        }
        await db.SaveChangesAsync(ct);
        return SessionResult.Ok("A new link was created; the previous one no longer works. "
            + (toClient ? "The client receives it by e-mail." : "Send the new link to the client."), id, token);
    }
}
