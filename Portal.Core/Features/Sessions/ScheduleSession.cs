using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>Schedules a session: a Zoom meeting under the host, the session with its client join token, and the audit entry.</summary>
public sealed class ScheduleSession(
    IDbContextFactory<PortalDbContext> dbFactory,
    SessionSteps steps,
    SessionHostRules hosts,
    SessionZoom sessionZoom,
    JoinLinkSecrets secrets,
    IAuditLog audit,
    SessionMailer messages,
    IValidator<ScheduleSessionRequest> validator,
    IOptions<SessionsOptions> options,
    TimeProvider clock)
{
    public async Task<SessionResult> RunAsync(ScheduleSessionRequest request, CancellationToken ct = default)
    {
        if (SessionSteps.RefuseInvalid(await validator.ValidateAsync(request, ct)) is { } invalid)
        {
            return invalid;
        }
        var actor = await steps.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = await db.StaffMembers.Include(s => s.Mapping).FirstOrDefaultAsync(s => s.Id == request.StaffMemberId, ct);
        if (staff is null)
        {
            return SessionResult.Refused(SessionRefusal.NotFound, "That staff member does not exist.");
        }
        if (!actor.IsAdminOrDirector && (await steps.FindStaffForActorAsync(actor, ct))?.Id != staff.Id)
        {
            return SessionResult.Refused(SessionRefusal.NotAllowed, "Teachers can schedule sessions only for themselves.");
        }

        var startsAt = SessionTime.ToUtc(request.StartDate, request.StartTime, request.TimeZone)!.Value;
        var endsAt = startsAt.AddMinutes(request.DurationMinutes);
        if (startsAt <= clock.GetUtcNow())
        {
            return SessionResult.Refused(SessionRefusal.InPast, $"The start time {SessionTime.Format(startsAt, request.TimeZone)} is in the past. Choose a later time.");
        }
        var host = await hosts.CheckAsync(db, actor, staff, startsAt, endsAt, request.DurationMinutes, null, namesClient: true, ct);
        if (host.Refusal is { } hostRefusal)
        {
            return hostRefusal;
        }

        var meetingRequest = sessionZoom.BuildMeetingRequest(request.Topic, startsAt, request.DurationMinutes, request.TimeZone, request.Notes);
        ZoomMeeting meeting;
        try
        {
            meeting = await sessionZoom.CreateMeetingAsync(host.Target!, host.PathUserId!, meetingRequest, ct);
        }
        catch (Exception ex) when (sessionZoom.Refusal(ex, staff.Name) is { } refusal)
        {
            await audit.WriteAsync(SessionAuditActions.ScheduleRefused, AuditTarget.Staff(staff.Id, staff.Email), null, new { Refusal = refusal.Zoom?.Kind.ToString() ?? refusal.Refusal.ToString(), request.Topic }, host.ConnectionId, ct);
            return refusal;
        }

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
            JoinTokenHash = "",
            JoinTokenExpiresAt = endsAt + options.Value.JoinLinkValidAfterEnd,
            State = SessionState.Scheduled,
            CreatedBy = actor.Email ?? actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var token = secrets.IssueFor(session);
        try
        {
            db.Sessions.Add(session);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await audit.AddAsync(db, SessionAuditActions.Scheduled, AuditTarget.Session(session.Id, session.Topic), null, new
            {
                Staff = staff.Email, session.ClientName, session.ClientEmail, session.StartsAt, session.TimeZone,
                session.DurationMinutes, session.ZoomMeetingId,
            }, host.ConnectionId);
            await messages.ScheduledAsync(db, session, staff, token, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            // No half-done sessions: a meeting nobody can find in the portal is deleted again.
            sessionZoom.LogSaveFailed(ex, meeting.Id);
            var deleted = await sessionZoom.TryDeleteMeetingAsync(host.Target!, meeting.Id);
            await audit.WriteAsync(SessionAuditActions.ScheduleRolledBack, AuditTarget.Staff(staff.Id, staff.Email), null,
                new { ZoomMeetingId = meeting.Id, MeetingDeleted = deleted, request.Topic }, host.ConnectionId, CancellationToken.None);
            return SessionResult.Refused(SessionRefusal.SaveFailed, deleted
                ? "The session could not be saved, so the Zoom meeting was deleted again. Nothing was scheduled; please try again."
                : $"The session could not be saved and the Zoom meeting {meeting.Id} could not be deleted; delete it in Zoom.");
        }
        return SessionResult.Ok($"Session scheduled for {staff.Name}: Zoom meeting {meeting.Id}.", session.Id, token);
    }
}
