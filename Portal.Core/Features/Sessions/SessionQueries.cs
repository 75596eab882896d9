using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;

namespace Portal.Core.Features.Sessions;

/// <summary>What the session pages read: the schedulable staff, one session, and the filtered list.</summary>
public sealed class SessionQueries(IDbContextFactory<PortalDbContext> dbFactory, SessionSteps steps, IOptions<SessionsOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<StaffOption>> ListSchedulableStaffAsync(CancellationToken ct = default)
    {
        var actor = await steps.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connections = await db.ZoomConnections.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        // Shown on the form (not enforced here: scheduling checks again through the same AccountWideAccess rule).
        StaffOption Option(StaffMember s)
        {
            var (cannotHost, warning) = SessionHostRules.Hostability(s.Mapping, options.Value.BasicMaxMinutes);
            return new(s.Id, s.Name, s.Email,
                (s.Mapping?.ConnectionId ?? s.ConnectionId) is { } cid && connections.TryGetValue(cid, out var c)
                    ? AccountWideAccess.ForUser(AccountWideFeature.MeetingsForOthers, c.Kind, c.GrantedScopes, c.LinkedByZoomUserId, c.LinkedByEmail,
                        s.Mapping?.ZoomUserId, [s.Email, s.Mapping?.ZoomEmail]).Reason
                    : null,
                cannotHost, warning);
        }
        if (actor.IsAdminOrDirector)
        {
            var active = await db.StaffMembers.AsNoTracking().Include(s => s.Mapping).Where(s => s.Active).OrderBy(s => s.Name).ToListAsync(ct);
            return active.Select(Option).ToList();
        }
        var mine = await steps.FindStaffForActorAsync(actor, ct);
        if (mine is null || !mine.Active)
        {
            return [];
        }
        var withMapping = await db.StaffMembers.AsNoTracking().Include(s => s.Mapping).FirstAsync(s => s.Id == mine.Id, ct);
        return [Option(withMapping)];
    }

    public async Task<SessionDetails?> GetAsync(long id, CancellationToken ct = default)
    {
        var actor = await steps.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().Include(s => s.StaffMember).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return null;
        }
        var mine = await steps.FindStaffForActorAsync(actor, ct);
        var isHost = mine is not null && mine.Id == session.StaffMemberId;
        if (!actor.IsAdminOrDirector && !isHost)
        {
            return null;
        }
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => m.SessionId == id).OrderByDescending(m => m.Id).Take(50)
            .Select(m => new SessionMessages.SessionMessageLine(m.Id, m.Kind, m.ToAddress, m.Subject, m.Status, m.LastError, m.CreatedAt))
            .ToListAsync(ct);
        return new SessionDetails(session.Id, session.StaffMemberId, session.StaffMember!.Name, session.StaffMember.Email,
            session.ClientName, session.ClientEmail, session.StartsAt, session.EndsAt, session.TimeZone, session.DurationMinutes,
            session.Topic, session.Notes, session.ZoomMeetingId, session.State, session.HostWarning, session.HostCheckedAt,
            session.JoinTokenExpiresAt, session.CreatedBy, isHost, CanManage: true, CanChangeHost: actor.IsAdminOrDirector, messages);
    }

    public async Task<SessionPage> ListAsync(SessionQuery query, CancellationToken ct = default)
    {
        var actor = await steps.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sessions = db.Sessions.AsNoTracking();
        var mineId = (await steps.FindStaffForActorAsync(actor, ct))?.Id;
        if (query.Mine || !actor.IsAdminOrDirector)
        {
            if (mineId is null)
            {
                return new SessionPage([], 0);
            }
            sessions = sessions.Where(s => s.StaffMemberId == mineId);
        }
        if (query.StaffMemberId is { } staffId)
        {
            sessions = sessions.Where(s => s.StaffMemberId == staffId);
        }
        if (query.ConnectionId is { } connectionId)
        {
            sessions = sessions.Where(s => s.ConnectionId == connectionId);
        }
        if (query.State is { } state)
        {
            sessions = sessions.Where(s => s.State == state);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLower();
            sessions = sessions.Where(s => s.Topic.ToLower().Contains(term) || s.ClientName.ToLower().Contains(term)
                || s.ClientEmail.ToLower().Contains(term) || s.StaffMember!.Name.ToLower().Contains(term));
        }
        var now = clock.GetUtcNow();
        sessions = query.When switch
        {
            SessionTimeFilter.Upcoming => sessions.Where(s => s.EndsAt > now).OrderBy(s => s.StartsAt).ThenBy(s => s.Id),
            SessionTimeFilter.Past => sessions.Where(s => s.EndsAt <= now).OrderByDescending(s => s.StartsAt).ThenByDescending(s => s.Id),
            _ => sessions.OrderByDescending(s => s.StartsAt).ThenByDescending(s => s.Id),
        };
        var total = await sessions.CountAsync(ct);
        var items = await sessions.Skip(query.Skip).Take(query.Take)
            .Select(s => new SessionListItem(s.Id, s.StartsAt, s.EndsAt, s.TimeZone, s.DurationMinutes, s.Topic, s.ClientName,
                s.StaffMemberId, s.StaffMember!.Name, s.State, s.HostWarning, s.StaffMemberId == mineId))
            .ToListAsync(ct);
        return new SessionPage(items, total);
    }
}
