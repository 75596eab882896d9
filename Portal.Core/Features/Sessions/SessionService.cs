using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

public interface ISessionService
{
    /// <summary>Staff members the signed-in person may schedule for (everyone active for directors, themselves for teachers).</summary>
    Task<IReadOnlyList<StaffOption>> ListSchedulableStaffAsync(CancellationToken ct = default);

    Task<SessionResult> ScheduleAsync(ScheduleSessionRequest request, CancellationToken ct = default);

    /// <summary>Null when the session does not exist or the signed-in person may not see it.</summary>
    Task<SessionDetails?> GetAsync(long id, CancellationToken ct = default);

    Task<SessionPage> ListAsync(SessionQuery query, CancellationToken ct = default);

    /// <summary>A fresh start link from Zoom, for the host only.</summary>
    Task<StartLinkResult> GetStartLinkAsync(long id, CancellationToken ct = default);

    /// <summary>Zoom's join URL for a valid, unexpired client token; null otherwise (nothing else is revealed).</summary>
    Task<string?> ResolveJoinUrlAsync(string token, CancellationToken ct = default);

    /// <summary>Replaces the client's join token (the old link stops working) and returns the new one.</summary>
    Task<SessionResult> IssueJoinLinkAsync(long id, CancellationToken ct = default);

    Task<SessionResult> RescheduleAsync(long id, RescheduleSessionRequest request, CancellationToken ct = default);

    Task<SessionResult> CancelAsync(long id, CancellationToken ct = default);

    Task<SessionResult> ChangeHostAsync(long id, int newStaffMemberId, CancellationToken ct = default);

    /// <summary>Checks that the host is still an active, licensed Zoom user and the meeting still exists; stores the warning.</summary>
    Task<string?> CheckHostAsync(long id, CancellationToken ct = default);

    /// <summary>Administrators: gives a Basic staff member's Zoom user a licence.</summary>
    Task<SessionResult> AssignLicenceAsync(int staffMemberId, CancellationToken ct = default);
}

public sealed partial class SessionService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomClient zoom,
    IZoomTargetResolver targets,
    ICurrentActor currentActor,
    IStaffIdentityBinder staffBinder,
    IAuditLog audit,
    IValidator<ScheduleSessionRequest> scheduleValidator,
    IValidator<RescheduleSessionRequest> rescheduleValidator,
    IOptions<SessionsOptions> options,
    TimeProvider clock,
    ILogger<SessionService> logger) : ISessionService
{
    private readonly SessionsOptions _options = options.Value;

    public async Task<IReadOnlyList<StaffOption>> ListSchedulableStaffAsync(CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connections = await db.ZoomConnections.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        // Shown on the form (not enforced here: scheduling checks again through the same AccountWideAccess rule).
        StaffOption Option(StaffMember s) => new(s.Id, s.Name, s.Email,
            (s.Mapping?.ConnectionId ?? s.ConnectionId) is { } cid && connections.TryGetValue(cid, out var c)
                ? AccountWideAccess.ForUser(AccountWideFeature.MeetingsForOthers, c.Kind, c.GrantedScopes, c.LinkedByZoomUserId, c.LinkedByEmail,
                    s.Mapping?.ZoomUserId, [s.Email, s.Mapping?.ZoomEmail]).Reason
                : null);
        if (actor.IsAdminOrDirector)
        {
            var active = await db.StaffMembers.AsNoTracking().Include(s => s.Mapping).Where(s => s.Active).OrderBy(s => s.Name).ToListAsync(ct);
            return active.Select(Option).ToList();
        }
        var mine = await FindStaffForActorAsync(actor, ct);
        if (mine is null || !mine.Active)
        {
            return [];
        }
        var withMapping = await db.StaffMembers.AsNoTracking().Include(s => s.Mapping).FirstAsync(s => s.Id == mine.Id, ct);
        return [Option(withMapping)];
    }

    public async Task<SessionResult> ScheduleAsync(ScheduleSessionRequest request, CancellationToken ct = default)
    {
        var validation = await scheduleValidator.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return SessionResult.Refused(SessionRefusal.Invalid, string.Join(" ", validation.Errors.Select(e => e.ErrorMessage).Distinct()));
        }
        var actor = await currentActor.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = await db.StaffMembers.Include(s => s.Mapping).FirstOrDefaultAsync(s => s.Id == request.StaffMemberId, ct);
        if (staff is null)
        {
            return SessionResult.Refused(SessionRefusal.NotFound, "That staff member does not exist.");
        }
        if (!actor.IsAdminOrDirector && (await FindStaffForActorAsync(actor, ct))?.Id != staff.Id)
        {
            return SessionResult.Refused(SessionRefusal.NotAllowed, "Teachers can schedule sessions only for themselves.");
        }

        var startsAt = SessionTime.ToUtc(request.StartDate, request.StartTime, request.TimeZone)!.Value;
        var endsAt = startsAt.AddMinutes(request.DurationMinutes);
        if (startsAt <= clock.GetUtcNow())
        {
            return SessionResult.Refused(SessionRefusal.InPast, $"The start time {SessionTime.Format(startsAt, request.TimeZone)} is in the past. Choose a later time.");
        }
        var host = await CheckHostRulesAsync(db, actor, staff, startsAt, endsAt, request.DurationMinutes, null, namesClient: true, ct);
        if (host.Refusal is { } hostRefusal)
        {
            return hostRefusal;
        }

        var meetingRequest = BuildMeetingRequest(request.Topic, startsAt, request.DurationMinutes, request.TimeZone, request.Notes);
        ZoomMeeting meeting;
        try
        {
            meeting = await CreateMeetingAsync(host.Target!, host.PathUserId!, meetingRequest, ct);
        }
        catch (Exception ex) when (ZoomRefusal(ex, staff.Name) is { } refusal)
        {
            await audit.WriteAsync(SessionAuditActions.ScheduleRefused, $"staff:{staff.Id}", null, new { refusal.Refusal, request.Topic }, host.ConnectionId, ct);
            return refusal;
        }

        var token = JoinTokens.New();
        var now = clock.GetUtcNow();
        var session = new Session
        {
            StaffMemberId = staff.Id,
            ConnectionId = host.ConnectionId,
            ClientName = request.ClientName.Trim(),
            ClientEmail = request.ClientEmail.Trim(),
            StartsAt = startsAt,
            EndsAt = endsAt,
            TimeZone = request.TimeZone,
            DurationMinutes = request.DurationMinutes,
            Topic = request.Topic.Trim(),
            Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(),
            ZoomMeetingId = meeting.Id,
            ZoomHostUserId = host.ZoomUserId,
            JoinUrl = meeting.JoinUrl,
            JoinTokenHash = JoinTokens.Hash(token),
            JoinTokenExpiresAt = endsAt + _options.JoinLinkValidAfterEnd,
            State = SessionState.Scheduled,
            CreatedBy = actor.Email ?? actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            db.Sessions.Add(session);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex)
        {
            // No half-done sessions: a meeting nobody can find in the portal is deleted again.
            LogSaveFailed(logger, ex, meeting.Id);
            var deleted = await TryDeleteMeetingAsync(host.Target!, meeting.Id);
            await audit.WriteAsync(SessionAuditActions.ScheduleRolledBack, $"staff:{staff.Id}", null,
                new { ZoomMeetingId = meeting.Id, MeetingDeleted = deleted, request.Topic }, host.ConnectionId, CancellationToken.None);
            return SessionResult.Refused(SessionRefusal.SaveFailed, deleted
                ? "The session could not be saved, so the Zoom meeting was deleted again. Nothing was scheduled; please try again."
                : $"The session could not be saved and the Zoom meeting {meeting.Id} could not be deleted; delete it in Zoom.");
        }
        await audit.WriteAsync(SessionAuditActions.Scheduled, $"session:{session.Id}", null, new
        {
            Staff = staff.Email, session.ClientName, session.ClientEmail, session.StartsAt, session.TimeZone,
            session.DurationMinutes, session.Topic, session.ZoomMeetingId,
        }, host.ConnectionId, ct);
        return SessionResult.Ok($"Session scheduled for {staff.Name}: Zoom meeting {meeting.Id}.", session.Id, token);
    }

    public async Task<SessionDetails?> GetAsync(long id, CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().Include(s => s.StaffMember).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return null;
        }
        var mine = await FindStaffForActorAsync(actor, ct);
        var isHost = mine is not null && mine.Id == session.StaffMemberId;
        if (!actor.IsAdminOrDirector && !isHost)
        {
            return null;
        }
        return new SessionDetails(session.Id, session.StaffMemberId, session.StaffMember!.Name, session.StaffMember.Email,
            session.ClientName, session.ClientEmail, session.StartsAt, session.EndsAt, session.TimeZone, session.DurationMinutes,
            session.Topic, session.Notes, session.ZoomMeetingId, session.State, session.HostWarning, session.HostCheckedAt,
            session.JoinTokenExpiresAt, session.CreatedBy, isHost, CanManage: true, CanChangeHost: actor.IsAdminOrDirector);
    }

    public async Task<SessionPage> ListAsync(SessionQuery query, CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sessions = db.Sessions.AsNoTracking();
        if (query.Mine || !actor.IsAdminOrDirector)
        {
            var mine = await FindStaffForActorAsync(actor, ct);
            if (mine is null)
            {
                return new SessionPage([], 0);
            }
            sessions = sessions.Where(s => s.StaffMemberId == mine.Id);
        }
        if (query.StaffMemberId is { } staffId)
        {
            sessions = sessions.Where(s => s.StaffMemberId == staffId);
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
                s.StaffMemberId, s.StaffMember!.Name, s.State, s.HostWarning))
            .ToListAsync(ct);
        return new SessionPage(items, total);
    }

    public async Task<StartLinkResult> GetStartLinkAsync(long id, CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.Include(s => s.StaffMember).FirstOrDefaultAsync(s => s.Id == id, ct);
        var mine = await FindStaffForActorAsync(actor, ct);
        if (session is null || (!actor.IsAdminOrDirector && mine?.Id != session.StaffMemberId))
        {
            return new StartLinkResult(SessionRefusal.NotFound, "This session does not exist.", null);
        }
        if (mine?.Id != session.StaffMemberId)
        {
            await audit.WriteAsync(SessionAuditActions.StartRefused, $"session:{id}", null, new { Reason = "not the host" }, session.ConnectionId, ct);
            return new StartLinkResult(SessionRefusal.NotAllowed,
                $"Only the host, {session.StaffMember!.Name}, can start this session: the start link signs in as the host.", null);
        }
        if (session.State != SessionState.Scheduled)
        {
            return new StartLinkResult(SessionRefusal.NotScheduled, "This session is no longer scheduled.", null);
        }
        try
        {
            var target = await TargetForHostAsync(session.ConnectionId, session.StaffMember!, session.ZoomHostUserId, ct);
            var meeting = await zoom.GetMeetingAsync(target, session.ZoomMeetingId, ct);
            if (meeting is null)
            {
                await MarkDeletedInZoomAsync(db, session, ct);
                return new StartLinkResult(SessionRefusal.DeletedInZoom, "The meeting was deleted in Zoom. Schedule the session again.", null);
            }
            if (string.IsNullOrEmpty(meeting.StartUrl) || !Uri.TryCreate(meeting.StartUrl, UriKind.Absolute, out var startUrl))
            {
                return new StartLinkResult(SessionRefusal.ZoomRefused, "Zoom did not return a start link. Try again in a moment.", null);
            }
            await audit.WriteAsync(SessionAuditActions.Started, $"session:{id}", null, new { session.ZoomMeetingId }, session.ConnectionId, ct);
            return new StartLinkResult(SessionRefusal.None, "", startUrl);
        }
        catch (Exception ex) when (ZoomRefusal(ex, session.StaffMember!.Name) is { } refusal)
        {
            return new StartLinkResult(refusal.Refusal, refusal.Message, null);
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
        await audit.WriteAsync(SessionAuditActions.JoinLinkUsed, $"session:{session.Id}", null, null, session.ConnectionId, ct);
        return session.JoinUrl;
    }

    public async Task<SessionResult> IssueJoinLinkAsync(long id, CancellationToken ct = default)
    {
        var (db, session, refusal) = await LoadManagedAsync(id, ct);
        await using (db)
        {
            if (refusal is not null)
            {
                return refusal;
            }
            var token = JoinTokens.New();
            session!.JoinTokenHash = JoinTokens.Hash(token);
            session.JoinTokenExpiresAt = session.EndsAt + _options.JoinLinkValidAfterEnd;
            session.UpdatedAt = clock.GetUtcNow();
            await audit.AddAsync(db, SessionAuditActions.JoinLinkIssued, $"session:{id}", null, new { session.JoinTokenExpiresAt }, session.ConnectionId);
            await db.SaveChangesAsync(ct);
            return SessionResult.Ok("A new join link was created; the previous one no longer works.", id, token);
        }
    }

    public async Task<SessionResult> RescheduleAsync(long id, RescheduleSessionRequest request, CancellationToken ct = default)
    {
        var validation = await rescheduleValidator.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return SessionResult.Refused(SessionRefusal.Invalid, string.Join(" ", validation.Errors.Select(e => e.ErrorMessage).Distinct()));
        }
        var actor = await currentActor.GetAsync();
        var (db, session, refusal) = await LoadManagedAsync(id, ct, notScheduled: "Only a scheduled session can be changed.");
        await using (db)
        {
            if (refusal is not null)
            {
                return refusal;
            }
            var s = session!;
            var startsAt = SessionTime.ToUtc(request.StartDate, request.StartTime, request.TimeZone)!.Value;
            var endsAt = startsAt.AddMinutes(request.DurationMinutes);
            if (startsAt <= clock.GetUtcNow())
            {
                return SessionResult.Refused(SessionRefusal.InPast, $"The start time {SessionTime.Format(startsAt, request.TimeZone)} is in the past. Choose a later time.");
            }
            var host = await CheckHostRulesAsync(db, actor, s.StaffMember!, startsAt, endsAt, request.DurationMinutes, s.Id, namesClient: true, ct);
            if (host.Refusal is { } hostRefusal)
            {
                return hostRefusal;
            }
            var old = new { s.StartsAt, s.TimeZone, s.DurationMinutes, s.Topic };
            try
            {
                var target = await TargetForHostAsync(s.ConnectionId, s.StaffMember!, s.ZoomHostUserId, ct);
                await zoom.UpdateMeetingAsync(target, s.ZoomMeetingId, new ZoomMeetingUpdate(
                    Topic: request.Topic.Trim(), StartTime: startsAt, DurationMinutes: request.DurationMinutes, TimeZone: request.TimeZone), ct);
            }
            catch (ZoomApiException ex) when (ex.IsNotFound)
            {
                await MarkDeletedInZoomAsync(db, s, ct);
                return SessionResult.Refused(SessionRefusal.DeletedInZoom, "The meeting had already been deleted in Zoom; the session is now shown as deleted in Zoom.");
            }
            catch (Exception ex) when (ZoomRefusal(ex, s.StaffMember!.Name) is { } zoomRefusal)
            {
                return zoomRefusal;
            }
            s.StartsAt = startsAt;
            s.EndsAt = endsAt;
            s.TimeZone = request.TimeZone;
            s.DurationMinutes = request.DurationMinutes;
            s.Topic = request.Topic.Trim();
            s.JoinTokenExpiresAt = endsAt + _options.JoinLinkValidAfterEnd;
            s.UpdatedAt = clock.GetUtcNow();
            await audit.AddAsync(db, SessionAuditActions.Rescheduled, $"session:{id}", old, new { s.StartsAt, s.TimeZone, s.DurationMinutes, s.Topic }, s.ConnectionId);
            await db.SaveChangesAsync(ct);
            return SessionResult.Ok($"Rescheduled to {SessionTime.Format(startsAt, request.TimeZone)}. The join link stays the same.", id);
        }
    }

    public async Task<SessionResult> CancelAsync(long id, CancellationToken ct = default)
    {
        var (db, session, refusal) = await LoadManagedAsync(id, ct, notScheduled: "This session is not scheduled any more.");
        await using (db)
        {
            if (refusal is not null)
            {
                return refusal;
            }
            var s = session!;
            bool deleted;
            try
            {
                var target = await TargetForHostAsync(s.ConnectionId, s.StaffMember!, s.ZoomHostUserId, ct);
                deleted = await zoom.DeleteMeetingAsync(target, s.ZoomMeetingId, ct);
            }
            catch (Exception ex) when (ZoomRefusal(ex, s.StaffMember!.Name) is { } zoomRefusal)
            {
                return zoomRefusal;
            }
            s.State = deleted ? SessionState.Cancelled : SessionState.DeletedInZoom;
            s.UpdatedAt = clock.GetUtcNow();
            await audit.AddAsync(db, SessionAuditActions.Cancelled, $"session:{id}", new { State = "Scheduled" },
                new { State = s.State.ToString(), s.ZoomMeetingId }, s.ConnectionId);
            await db.SaveChangesAsync(ct);
            return SessionResult.Ok(deleted
                ? "The session was cancelled and its Zoom meeting deleted. The join link no longer works."
                : "The session was cancelled. Its Zoom meeting had already been deleted in Zoom.", id);
        }
    }

    public async Task<SessionResult> ChangeHostAsync(long id, int newStaffMemberId, CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        if (!actor.IsAdminOrDirector)
        {
            return SessionResult.Refused(SessionRefusal.NotAllowed, "Only directors and administrators can change the host.");
        }
        var (db, session, refusal) = await LoadManagedAsync(id, ct, notScheduled: "Only a scheduled session can be given another host.");
        await using (db)
        {
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
            var host = await CheckHostRulesAsync(db, actor, newStaff, s.StartsAt, s.EndsAt, s.DurationMinutes, null, namesClient: false, ct);
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
                    await MarkDeletedInZoomAsync(db, s, ct);
                    return SessionResult.Refused(SessionRefusal.DeletedInZoom, "The meeting had already been deleted in Zoom; the session is now shown as deleted in Zoom.");
                }
                catch (ZoomApiException ex)
                {
                    inPlaceRefusal = ex.ZoomMessage;
                }
                catch (Exception ex) when (ZoomRefusal(ex, newStaff.Name) is { } zoomRefusal)
                {
                    return zoomRefusal;
                }
                if (inPlaceRefusal is null)
                {
                    s.StaffMemberId = newStaff.Id;
                    s.ZoomHostUserId = host.ZoomUserId;
                    s.HostWarning = null;
                    s.HostCheckedAt = null;
                    s.UpdatedAt = clock.GetUtcNow();
                    await audit.AddAsync(db, SessionAuditActions.HostChanged, $"session:{id}", old,
                        new { Staff = newStaff.Email, s.ZoomMeetingId, Path = "in place" }, s.ConnectionId);
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
                oldTarget = await TargetForHostAsync(s.ConnectionId, oldStaff, s.ZoomHostUserId, ct);
                meeting = await CreateMeetingAsync(host.Target!, host.PathUserId!,
                    BuildMeetingRequest(s.Topic, s.StartsAt, s.DurationMinutes, s.TimeZone, s.Notes), ct);
            }
            catch (Exception ex) when (ZoomRefusal(ex, newStaff.Name) is { } zoomRefusal)
            {
                return zoomRefusal;
            }
            var oldMeetingId = s.ZoomMeetingId;
            s.StaffMemberId = newStaff.Id;
            s.ConnectionId = host.ConnectionId;
            s.ZoomHostUserId = host.ZoomUserId;
            s.ZoomMeetingId = meeting.Id;
            s.JoinUrl = meeting.JoinUrl;
            s.HostWarning = null;
            s.HostCheckedAt = null;
            s.UpdatedAt = clock.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (Exception ex)
            {
                LogSaveFailed(logger, ex, meeting.Id);
                await TryDeleteMeetingAsync(host.Target!, meeting.Id);
                return SessionResult.Refused(SessionRefusal.SaveFailed, "The change could not be saved; the new meeting was deleted again and the session is unchanged.");
            }
            var oldDeleted = await TryDeleteMeetingAsync(oldTarget, oldMeetingId);
            await audit.WriteAsync(SessionAuditActions.HostChanged, $"session:{id}", old, new
            {
                Staff = newStaff.Email, s.ZoomMeetingId, Path = "recreated", Reason = inPlaceRefusal, OldMeetingDeleted = oldDeleted,
            }, s.ConnectionId, ct);
            return SessionResult.Ok(
                $"Zoom did not allow moving the meeting ({inPlaceRefusal}), so it was recreated under {newStaff.Name} with a new meeting ID and passcode. "
                + "The client needs the new join link: issue a new join link below and send it to the client."
                + (oldDeleted ? "" : $" The old meeting {oldMeetingId} could not be deleted; delete it in Zoom."),
                id, newJoinLinkNeeded: true);
        }
    }

    public async Task<string?> CheckHostAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.Include(s => s.StaffMember).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || session.State != SessionState.Scheduled)
        {
            return null;
        }
        return await CheckHostAsync(db, session, ct);
    }

    internal async Task<string?> CheckHostAsync(PortalDbContext db, Session session, CancellationToken ct)
    {
        string? warning;
        try
        {
            var (target, access) = await AccessHostAsync(session.ConnectionId, session.StaffMember!, session.ZoomHostUserId, AccountWideFeature.MeetingsForOthers, ct);
            var user = session.ZoomHostUserId is null ? null : await zoom.GetUserAsync(target, access.PathFor(session.ZoomHostUserId), ct);
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
        catch (Exception ex) when (ex is ZoomApiException or ZoomUnavailableException or ZoomOAuthException or ZoomRateLimitException or InvalidOperationException)
        {
            LogHostCheckFailed(logger, ex, session.Id);
            return session.HostWarning;
        }
        var changed = warning != session.HostWarning;
        session.HostWarning = warning;
        session.HostCheckedAt = clock.GetUtcNow();
        if (changed)
        {
            await audit.AddAsync(db, SessionAuditActions.HostChecked, $"session:{session.Id}", null, new { Warning = warning ?? "none", State = session.State.ToString() }, session.ConnectionId);
        }
        await db.SaveChangesAsync(ct);
        return warning;
    }

    public async Task<SessionResult> AssignLicenceAsync(int staffMemberId, CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
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
        var host = await ResolveHostAsync(staff, AccountWideFeature.StaffAccounts, ct);
        if (host.Refusal is { } refusal)
        {
            return refusal;
        }
        try
        {
            await zoom.UpdateUserTypeAsync(host.Target!, host.PathUserId!, ZoomUserType.Licensed, ct);
        }
        catch (ZoomApiException ex) when (ex.Code == ZoomErrorCodes.NoLicencesLeft)
        {
            return SessionResult.Refused(SessionRefusal.ZoomRefused, "The Zoom account has no licences left. Free one up or buy more, then try again.");
        }
        catch (Exception ex) when (ZoomRefusal(ex, staff.Name) is { } zoomRefusal)
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
            await db.SaveChangesAsync(ct);
        }
        await audit.WriteAsync(StaffAuditActions.LicenceAssigned, $"staff:{staff.Id}", new { Type = "Basic" }, new { Type = "Licensed", Staff = staff.Email }, host.ConnectionId, ct);
        return new SessionResult(true, SessionRefusal.None, $"{staff.Name} now has a Zoom licence.", StaffMemberId: staff.Id);
    }

    // ---- helpers ----

    /// <summary>ZoomUserId is the host's real id (stored); PathUserId names them in Zoom calls ("me" on a user-level link).</summary>
    private sealed record HostResolution(SessionResult? Refusal, ZoomTarget? Target, int ConnectionId, string? ZoomUserId, bool Basic, string? PathUserId = null)
    {
        public static HostResolution Refused(SessionResult refusal) => new(refusal, null, 0, null, false);
    }

    /// <summary>
    /// Every Zoom target of this service comes from here, after the connection's access is checked for the host: a user-level
    /// link reaches only the user who linked it, so anyone else is refused with the plain reason before Zoom is called.
    /// </summary>
    private async Task<(ZoomTarget Target, ZoomUserAccess Access)> AccessHostAsync(int connectionId, StaffMember host, string? zoomUserId,
        AccountWideFeature feature, CancellationToken ct)
    {
        ZoomUserAccess access;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Licences are the account administrator's business: no user-level link may change one, not even its own user's.
            var keys = feature == AccountWideFeature.StaffAccounts ? [] : new[] { host.Email, host.Mapping?.ZoomEmail };
            access = await AccountWideAccess.RequireForUserAsync(db, connectionId, feature,
                feature == AccountWideFeature.StaffAccounts ? null : zoomUserId ?? host.Mapping?.ZoomUserId, keys, ct);
        }
        return (await targets.ResolveAsync(connectionId, ct), access);
    }

    private async Task<ZoomTarget> TargetForHostAsync(int connectionId, StaffMember host, string? zoomUserId, CancellationToken ct) =>
        (await AccessHostAsync(connectionId, host, zoomUserId, AccountWideFeature.MeetingsForOthers, ct)).Target;

    /// <summary>The staff member's active Zoom user: from a fresh mapping, or re-checked with Zoom when missing or stale.</summary>
    private async Task<HostResolution> ResolveHostAsync(StaffMember staff, AccountWideFeature feature, CancellationToken ct)
    {
        HostResolution Refuse(string message) => HostResolution.Refused(SessionResult.Refused(SessionRefusal.NoZoomUser, message, staffMemberId: staff.Id));

        if (!staff.Active)
        {
            return Refuse($"{staff.Name} is not an active staff member.");
        }
        var mapping = staff.Mapping;
        if ((mapping?.ConnectionId ?? staff.ConnectionId) is not { } connectionId)
        {
            return Refuse($"{staff.Name} is not on any Zoom connection yet. Run a staff mapping sync first.");
        }
        ZoomTarget target;
        ZoomUserAccess access;
        try
        {
            (target, access) = await AccessHostAsync(connectionId, staff, mapping?.ZoomUserId, feature, ct);
        }
        catch (AccountWideAccessRequiredException ex)
        {
            return HostResolution.Refused(SessionResult.Refused(SessionRefusal.NotAccountWide, ex.Message, staffMemberId: staff.Id));
        }
        catch (InvalidOperationException ex)
        {
            return Refuse(ex.Message);
        }
        var fresh = mapping is { ZoomUserId: not null, Status: MappingStatus.Ready or MappingStatus.Basic }
            && clock.GetUtcNow() - mapping.CheckedAt <= _options.MappingMaxAge;
        if (fresh)
        {
            return new HostResolution(null, target, connectionId, mapping!.ZoomUserId, mapping.Status == MappingStatus.Basic, access.PathFor(mapping.ZoomUserId!));
        }
        ZoomUser? user;
        try
        {
            user = mapping?.ZoomUserId is { } knownId ? await zoom.GetUserAsync(target, access.PathFor(knownId), ct) : null;
            user ??= await zoom.GetUserAsync(target, access.PathFor(staff.Email), ct);
        }
        catch (Exception ex) when (ZoomRefusal(ex, staff.Name) is { } zoomRefusal)
        {
            return HostResolution.Refused(zoomRefusal);
        }
        return user switch
        {
            null => Refuse($"{staff.Name} has no Zoom user ({staff.Email}) in this Zoom account. Invite them to Zoom first."),
            { Status: ZoomUserStatus.Pending } => Refuse($"{staff.Name} has not accepted the Zoom invitation yet, so they cannot host."),
            { Status: ZoomUserStatus.Inactive } => Refuse($"{staff.Name}'s Zoom user is deactivated, so they cannot host."),
            { Id: null } => Refuse($"{staff.Name}'s Zoom user has no id yet."),
            { Type: not ((int)ZoomUserType.Licensed or (int)ZoomUserType.Basic) } => Refuse($"{staff.Name}'s Zoom user cannot host meetings (no Meetings licence)."),
            _ => new HostResolution(null, target, connectionId, user.Id, user.Type == (int)ZoomUserType.Basic, access.PathFor(user.Id)),
        };
    }

    /// <summary>
    /// The rules a host must pass for a time slot, in order: no other scheduled session of theirs overlaps it, they have an
    /// eligible Zoom user, and a Basic user's meeting fits Zoom's limit. The result carries the first refusal, if any.
    /// </summary>
    private async Task<HostResolution> CheckHostRulesAsync(PortalDbContext db, Actor actor, StaffMember staff, DateTimeOffset startsAt,
        DateTimeOffset endsAt, int minutes, long? exceptSessionId, bool namesClient, CancellationToken ct)
    {
        if (await FindOverlapAsync(db, staff.Id, startsAt, endsAt, exceptSessionId, ct) is { } clash)
        {
            var client = namesClient ? $" with {clash.ClientName}" : "";
            return HostResolution.Refused(SessionResult.Refused(SessionRefusal.Overlap,
                $"{staff.Name} already has a session then: \"{clash.Topic}\"{client} at {SessionTime.Format(clash.StartsAt, clash.TimeZone)}."));
        }
        var host = await ResolveHostAsync(staff, AccountWideFeature.MeetingsForOthers, ct);
        if (host.Refusal is not null)
        {
            return host;
        }
        return RefuseBasicTooLong(actor, staff, host, minutes) is { } basicRefusal ? host with { Refusal = basicRefusal } : host;
    }

    private SessionResult? RefuseBasicTooLong(Actor actor, StaffMember staff, HostResolution host, int minutes)
    {
        if (!host.Basic || minutes <= _options.BasicMaxMinutes)
        {
            return null;
        }
        var mayAssign = actor.IsInRole(Roles.Admin);
        return SessionResult.Refused(SessionRefusal.BasicTooLong,
            $"{staff.Name} has a Basic Zoom user: Zoom ends their meetings after {_options.BasicMaxMinutes} minutes. "
            + (mayAssign ? "Assign a licence, or make the session shorter." : $"Make the session {_options.BasicMaxMinutes} minutes or shorter, or ask an administrator to assign a licence."),
            offerLicence: mayAssign, staffMemberId: staff.Id);
    }

    private ZoomMeetingRequest BuildMeetingRequest(string topic, DateTimeOffset startsAt, int minutes, string timeZone, string? notes)
    {
        var d = _options.Defaults;
        return new ZoomMeetingRequest(topic.Trim(), startsAt, minutes, timeZone, string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
            d.Passcode ? JoinTokens.NewPasscode() : null,
            new ZoomMeetingSettings(d.WaitingRoom, d.JoinBeforeHost, d.AutoRecording));
    }

    /// <summary>Creates a meeting; after a timeout, looks for it among the host's upcoming meetings before trying once more.</summary>
    private async Task<ZoomMeeting> CreateMeetingAsync(ZoomTarget target, string hostUserId, ZoomMeetingRequest request, CancellationToken ct)
    {
        try
        {
            return await zoom.CreateMeetingAsync(target, hostUserId, request, ct);
        }
        catch (ZoomUnavailableException ex)
        {
            LogCreateTimedOut(logger, ex, hostUserId);
            var upcoming = await zoom.ListUpcomingMeetingsAsync(target, hostUserId, ct);
            var found = upcoming.FirstOrDefault(m => m.Topic == request.Topic
                && m.StartTime is { } start && Math.Abs((start - request.StartTime).TotalSeconds) < 60);
            if (found is not null)
            {
                return await zoom.GetMeetingAsync(target, found.Id, ct) ?? found;
            }
            return await zoom.CreateMeetingAsync(target, hostUserId, request, ct);
        }
    }

    private async Task<bool> TryDeleteMeetingAsync(ZoomTarget target, long meetingId)
    {
        try
        {
            await zoom.DeleteMeetingAsync(target, meetingId, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is ZoomApiException or ZoomUnavailableException or ZoomRateLimitException or ZoomOAuthException)
        {
            LogDeleteFailed(logger, ex, meetingId);
            return false;
        }
    }

    private SessionResult? ZoomRefusal(Exception ex, string hostName) => ex switch
    {
        ZoomRateLimitException { Daily: true } r => SessionResult.Refused(SessionRefusal.DailyLimit,
            $"Zoom's daily limit of meeting creates and updates for {hostName} is used up. It resets at {(r.ResetsAt ?? NextUtcMidnight()):yyyy-MM-dd HH:mm} UTC; try again after that."),
        ZoomRateLimitException => SessionResult.Refused(SessionRefusal.ZoomUnavailable, "Zoom is busy right now. Try again in a minute."),
        ZoomUnavailableException => SessionResult.Refused(SessionRefusal.ZoomUnavailable, "Zoom did not answer in time. Nothing was changed; try again in a minute."),
        ZoomApiException { Code: ZoomErrorCodes.UserCannotHost } => SessionResult.Refused(SessionRefusal.NoZoomUser, $"Zoom does not allow {hostName} to host meetings."),
        ZoomApiException a => SessionResult.Refused(SessionRefusal.ZoomRefused, $"Zoom refused: {a.ZoomMessage}"),
        AccountWideAccessRequiredException a => SessionResult.Refused(SessionRefusal.NotAccountWide, a.Message),
        ZoomOAuthException o => SessionResult.Refused(SessionRefusal.ZoomRefused, $"The Zoom connection's credentials were refused. {o.Advice}"),
        _ => null,
    };

    private DateTimeOffset NextUtcMidnight() => new(clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    private static async Task<Session?> FindOverlapAsync(PortalDbContext db, int staffId, DateTimeOffset start, DateTimeOffset end, long? except, CancellationToken ct) =>
        await db.Sessions.AsNoTracking()
            .Where(s => s.StaffMemberId == staffId && s.State == SessionState.Scheduled && s.StartsAt < end && s.EndsAt > start && s.Id != (except ?? 0))
            .OrderBy(s => s.StartsAt).FirstOrDefaultAsync(ct);

    /// <summary>The session if the actor may manage it; with <paramref name="notScheduled"/>, refused with it unless still scheduled.</summary>
    private async Task<(PortalDbContext Db, Session? Session, SessionResult? Refusal)> LoadManagedAsync(long id, CancellationToken ct,
        string? notScheduled = null)
    {
        var actor = await currentActor.GetAsync();
        var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.Include(s => s.StaffMember).ThenInclude(m => m!.Mapping).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return (db, null, SessionResult.Refused(SessionRefusal.NotFound, "This session does not exist."));
        }
        if (!actor.IsAdminOrDirector && (await FindStaffForActorAsync(actor, ct))?.Id != session.StaffMemberId)
        {
            return (db, null, SessionResult.Refused(SessionRefusal.NotFound, "This session does not exist."));
        }
        if (notScheduled is not null && session.State != SessionState.Scheduled)
        {
            return (db, null, SessionResult.Refused(SessionRefusal.NotScheduled, notScheduled));
        }
        return (db, session, null);
    }

    private async Task MarkDeletedInZoomAsync(PortalDbContext db, Session session, CancellationToken ct)
    {
        session.State = SessionState.DeletedInZoom;
        session.UpdatedAt = clock.GetUtcNow();
        await audit.AddAsync(db, SessionAuditActions.DeletedInZoom, $"session:{session.Id}", null, new { session.ZoomMeetingId }, session.ConnectionId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>"My" staff member: bound by Entra object id, or matched by e-mail on first use (the staff feature's binder).</summary>
    private Task<StaffMember?> FindStaffForActorAsync(Actor actor, CancellationToken ct) => staffBinder.FindForActorAsync(actor, ct);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving the session failed after Zoom meeting {MeetingId} was created; deleting the meeting")]
    private static partial void LogSaveFailed(ILogger logger, Exception ex, long meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting Zoom meeting {MeetingId} failed")]
    private static partial void LogDeleteFailed(ILogger logger, Exception ex, long meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating a meeting for host {HostUserId} timed out; looking it up before retrying")]
    private static partial void LogCreateTimedOut(ILogger logger, Exception ex, string hostUserId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host check of session {SessionId} could not reach Zoom")]
    private static partial void LogHostCheckFailed(ILogger logger, Exception ex, long sessionId);
}
