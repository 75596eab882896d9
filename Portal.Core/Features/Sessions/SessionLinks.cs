using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>The links into a session's meeting: the host's start link, the client's join token and the join URL behind it.</summary>
public sealed class SessionLinks(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomMeetings zoom,
    SessionSteps steps,
    SessionHostRules hosts,
    SessionZoom sessionZoom,
    IAuditLog audit,
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
            await audit.WriteAsync(SessionAuditActions.Started, AuditTarget.Session(id, session.Topic), null, new { session.ZoomMeetingId }, session.ConnectionId, ct);
            return new StartLinkResult(SessionRefusal.None, "", startUrl);
        }
        catch (Exception ex) when (sessionZoom.Refusal(ex, session.StaffMember!.Name) is { } refusal)
        {
            return new StartLinkResult(refusal.Refusal, refusal.Message, null, refusal.Zoom);
        }
    }

    public async Task<string?> ResolveJoinUrlAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }
        var hash = JoinTokens.Hash(token);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.JoinTokenHash == hash, ct);
        if (session is null || session.State != SessionState.Scheduled || session.JoinTokenExpiresAt <= now || string.IsNullOrEmpty(session.JoinUrl))
        {
            return null;
        }
        await audit.WriteAsync(SessionAuditActions.JoinLinkUsed, AuditTarget.Session(session.Id, session.Topic), null, null, session.ConnectionId, ct);
        return session.JoinUrl;
    }

    public async Task<SessionResult> IssueJoinLinkAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, refusal) = await steps.LoadManagedAsync(db, id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var token = JoinTokens.New();
        session!.JoinTokenHash = JoinTokens.Hash(token);
        session.JoinTokenExpiresAt = session.EndsAt + options.Value.JoinLinkValidAfterEnd;
        session.UpdatedAt = clock.GetUtcNow();
        await audit.AddAsync(db, SessionAuditActions.JoinLinkIssued, AuditTarget.Session(id, session.Topic), null, new { session.JoinTokenExpiresAt }, session.ConnectionId);
        await db.SaveChangesAsync(ct);
        return SessionResult.Ok("A new join link was created; the previous one no longer works.", id, token);
    }
}
