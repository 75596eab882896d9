using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>Checks that a session's host is still an active, licensed Zoom user and its meeting still exists; stores the warning.</summary>
public sealed partial class SessionHostCheck(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomMeetings zoom,
    IZoomUsers zoomUsers,
    SessionHostRules hosts,
    IAuditLog audit,
    IOptions<SessionsOptions> options,
    TimeProvider clock,
    ILogger<SessionHostCheck> logger)
{
    private readonly SessionsOptions _options = options.Value;

    public async Task<string?> RunAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.Include(s => s.StaffMember).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || session.State != SessionState.Scheduled)
        {
            return null;
        }
        return await RunAsync(db, session, ct);
    }

    /// <summary>For the host check job, which loads many sessions into one context (the session is tracked in <paramref name="db"/>).</summary>
    public async Task<string?> RunAsync(PortalDbContext db, Session session, CancellationToken ct)
    {
        string? warning;
        try
        {
            var (target, access) = await hosts.AccessHostAsync(session.ConnectionId, session.StaffMember!, session.ZoomHostUserId, AccountWideFeature.MeetingsForOthers, ct);
            var user = session.ZoomHostUserId is null ? null : await zoomUsers.GetUserAsync(target, access.PathFor(session.ZoomHostUserId), ct);
            warning = user switch
            {
                null => $"{session.StaffMember!.Name} no longer has a Zoom user in this account. Change the host.",
                { Status: not ZoomUserStatus.Active } => $"{session.StaffMember!.Name}'s Zoom user is {user.Status.ToString().ToLowerInvariant()}. Change the host or reactivate the user.",
                { Type: (int)ZoomUserType.Basic } when session.DurationMinutes > _options.BasicMaxMinutes
                    => $"{session.StaffMember!.Name} no longer has a Zoom licence: Zoom will end the meeting after {_options.BasicMaxMinutes} minutes.",
                { Type: not ((int)ZoomUserType.Licensed or (int)ZoomUserType.Basic) } => $"{session.StaffMember!.Name}'s Zoom user cannot host meetings.",
                _ => null,
            };
            if (warning is null && await zoom.GetMeetingAsync(target, session.ZoomMeetingId, ct) is null)
            {
                session.State = SessionState.DeletedInZoom;
                warning = "The meeting was deleted in Zoom.";
            }
        }
        catch (AccountWideAccessRequiredException ex)
        {
            // Not a passing failure: until the connection is account-wide nobody can check, start or change this session through it.
            warning = ex.Message;
        }
        catch (Exception ex) when (ZoomRefusal.IsZoomFailure(ex) || ex is InvalidOperationException)
        {
            LogHostCheckFailed(logger, ex, session.Id);
            return session.HostWarning;
        }
        var changed = warning != session.HostWarning;
        session.HostWarning = warning;
        session.HostCheckedAt = clock.GetUtcNow();
        if (changed)
        {
            await audit.AddAsync(db, SessionAuditActions.HostChecked, AuditTarget.Session(session.Id, session.Topic), null, new { Warning = warning ?? "none", State = session.State.ToString() }, session.ConnectionId);
        }
        await db.SaveChangesAsync(ct);
        return warning;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host check of session {SessionId} could not reach Zoom")]
    private static partial void LogHostCheckFailed(ILogger logger, Exception ex, long sessionId);
}
