using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Outcomes;

namespace Portal.Core.Features.Sessions;

/// <summary>What the client's page shows of one session: nothing about anyone else, and no Zoom link until "Join now".</summary>
public sealed record ClientSessionView(
    long SessionId,
    string Topic,
    string HostName,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    ClientPageStage Stage,
    DateTimeOffset? MovedFrom,
    DateTimeOffset Now,
    DateTimeOffset? NextChange,
    bool ViewerIsHost)
{
    public bool CanJoin => ClientPageRules.CanJoin(Stage);

    /// <summary>"Tue 1 Dec 2026, 14:00 (Europe/Berlin, UTC+01:00)".</summary>
    public string SessionZoneTime(DateTimeOffset at) => SessionTime.FormatWithOffset(at, TimeZone);

    public string StartsIn => ClientPageRules.StartsIn(StartsAt - Now);
}

/// <summary>
/// The anonymous client page behind a session's link: opening it, "Join now" (recorded, then Zoom's join URL) and the
/// calendar file. An invalid, wrong or expired link gets null everywhere, so the answer reveals nothing.
/// </summary>
public sealed class ClientPage(
    IDbContextFactory<PortalDbContext> dbFactory,
    SessionSteps steps,
    IAuditLog audit,
    ISessionOutcomes outcomes,
    IOptions<SessionsOptions> options,
    TimeProvider clock)
{
    private const int MaxTokenLength = 100;

    public async Task<ClientSessionView?> OpenAsync(string token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await FindValidAsync(db, token, ct);
        if (session is null)
        {
            return null;
        }
        var actor = await steps.ActorAsync();
        var viewerIsHost = !actor.IsSystem && actor.Roles.Count > 0 && (await steps.FindStaffForActorAsync(actor, ct))?.Id == session.StaffMemberId;
        var now = clock.GetUtcNow();
        var stage = StageOf(session, now, await LiveAsync(db, session, now, ct));
        return new ClientSessionView(session.Id, session.Topic, session.StaffMember!.Name, session.StartsAt, session.EndsAt, session.TimeZone,
            stage, session.MovedFrom, now, ClientPageRules.NextChange(stage, session.StartsAt, session.EndsAt, options.Value.JoinOpensBefore), viewerIsHost);
    }

    /// <summary>"Join now": records the click and returns Zoom's join URL; null when the link is invalid or joining is not open.</summary>
    public async Task<string?> JoinAsync(string token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await FindValidAsync(db, token, ct);
        var now = clock.GetUtcNow();
        if (session is null || !ClientPageRules.CanJoin(StageOf(session, now, await LiveAsync(db, session, now, ct))) || string.IsNullOrEmpty(session.JoinUrl))
        {
            return null;
        }
        db.SessionJoinClicks.Add(new SessionJoinClick { SessionId = session.Id, ClickedAt = now });
        await audit.AddAsync(db, SessionAuditActions.JoinLinkUsed, AuditTarget.Session(session.Id, session.Topic), null, new { ClickedAt = now }, session.ConnectionId);
        await db.SaveChangesAsync(ct);
        // The click is one of the outcome's sources: a client who clicked tried to come, even when Zoom keeps no trace of
        // them (a meeting whose host never started leaves no past meeting).
        await outcomes.RecordClientJoinClickAsync(session.Id, ct);
        return session.JoinUrl;
    }

    /// <summary>The session as an iCalendar file whose URL is the link itself; null when the link is invalid or the session is not scheduled.</summary>
    public async Task<string?> CalendarAsync(string token, Uri link, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await FindValidAsync(db, token, ct);
        if (session is not { State: SessionState.Scheduled })
        {
            return null;
        }
        return SessionCalendar.Write(SessionCalendar.For(session, session.StaffMember!.Name, link, clock.GetUtcNow()));
    }

    private ClientPageStage StageOf(Session session, DateTimeOffset now, MeetingLive live) =>
        ClientPageRules.StageOf(session.State, session.StartsAt, session.EndsAt, ClientPageRules.HostStarted(session) || live.Running, now,
            options.Value.JoinOpensBefore, live.Ended);

    /// <summary>What Zoom's meeting events say now, counted only around the session's time (a host trying the meeting the day before does not count).</summary>
    private sealed record MeetingLive(bool Running, bool Ended);

    private static async Task<MeetingLive> LiveAsync(PortalDbContext db, Session session, DateTimeOffset now, CancellationToken ct)
    {
        var from = session.StartsAt - ClientPageRules.HostStartCountsFrom;
        var outcome = await db.SessionOutcomes.AsNoTracking().Where(o => o.SessionId == session.Id)
            .Select(o => new { o.MeetingRunning, o.HostInMeeting, o.MeetingEnded, o.ActualEnd }).FirstOrDefaultAsync(ct);
        return outcome is null
            ? new MeetingLive(false, false)
            : new MeetingLive((outcome.MeetingRunning || outcome.HostInMeeting) && now >= from,
                outcome.MeetingEnded && !outcome.MeetingRunning && outcome.ActualEnd >= from);
    }

    private async Task<Session?> FindValidAsync(PortalDbContext db, string token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength)
        {
            return null;
        }
        var hash = JoinTokens.Hash(token);
        var session = await db.Sessions.AsNoTracking().Include(s => s.StaffMember).FirstOrDefaultAsync(s => s.JoinTokenHash == hash, ct);
        return session is not null && ClientPageRules.IsValid(session, clock.GetUtcNow()) ? session : null;
    }
}
