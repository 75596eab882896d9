using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>Moves a scheduled session to another time (and topic) in Zoom and here; the join link stays the same.</summary>
public sealed class RescheduleSession(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomMeetings zoom,
    SessionSteps steps,
    SessionHostRules hosts,
    SessionZoom sessionZoom,
    IAuditLog audit,
    SessionMailer messages,
    IValidator<RescheduleSessionRequest> validator,
    IOptions<SessionsOptions> options,
    TimeProvider clock)
{
    public async Task<SessionResult> RunAsync(long id, RescheduleSessionRequest request, CancellationToken ct = default)
    {
        if (SessionSteps.RefuseInvalid(await validator.ValidateAsync(request, ct)) is { } invalid)
        {
            return invalid;
        }
        var actor = await steps.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, refusal) = await steps.LoadManagedAsync(db, id, ct, notScheduled: "Only a scheduled session can be changed.");
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
        var host = await hosts.CheckAsync(db, actor, s.StaffMember!, startsAt, endsAt, request.DurationMinutes, s.Id, namesClient: true, ct);
        if (host.Refusal is { } hostRefusal)
        {
            return hostRefusal;
        }
        var old = new { s.StartsAt, s.TimeZone, s.DurationMinutes, s.Topic };
        try
        {
            var target = await hosts.TargetForHostAsync(s.ConnectionId, s.StaffMember!, s.ZoomHostUserId, ct);
            await zoom.UpdateMeetingAsync(target, s.ZoomMeetingId, new ZoomMeetingUpdate(
                Topic: request.Topic.Trim(), StartTime: startsAt, DurationMinutes: request.DurationMinutes, TimeZone: request.TimeZone), ct);
        }
        catch (ZoomApiException ex) when (ex.IsNotFound)
        {
            await steps.MarkDeletedInZoomAsync(db, s, ct);
            return SessionResult.Refused(SessionRefusal.DeletedInZoom, "The meeting had already been deleted in Zoom; the session is now shown as deleted in Zoom.");
        }
        catch (Exception ex) when (sessionZoom.Refusal(ex, s.StaffMember!.Name) is { } zoomRefusal)
        {
            return zoomRefusal;
        }
        if (s.StartsAt != startsAt)
        {
            s.MovedFrom = s.StartsAt;
            s.HostStartedAt = null;
        }
        s.StartsAt = startsAt;
        s.EndsAt = endsAt;
        s.TimeZone = request.TimeZone;
        s.DurationMinutes = request.DurationMinutes;
        s.Topic = request.Topic.Trim();
        s.JoinTokenExpiresAt = endsAt + options.Value.JoinLinkValidAfterEnd;
        s.UpdatedAt = clock.GetUtcNow();
        await audit.AddAsync(db, SessionAuditActions.Rescheduled, AuditTarget.Session(id, s.Topic), old, new { s.StartsAt, s.TimeZone, s.DurationMinutes, s.Topic }, s.ConnectionId);
        if (old.StartsAt != s.StartsAt || old.DurationMinutes != s.DurationMinutes || old.Topic != s.Topic || old.TimeZone != s.TimeZone)
        {
            await messages.ChangedAsync(db, s, s.StaffMember!, old.StartsAt, old.TimeZone, ct);
        }
        await db.SaveChangesAsync(ct);
        return SessionResult.Ok($"Rescheduled to {SessionTime.Format(startsAt, request.TimeZone)}. The join link stays the same.", id);
    }
}
