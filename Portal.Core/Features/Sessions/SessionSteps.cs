using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;

namespace Portal.Core.Features.Sessions;

/// <summary>The steps the session use cases share: who acts, which staff member is "mine", loading a session one may manage.</summary>
public sealed class SessionSteps(ICurrentActor currentActor, IStaffIdentityBinder staffBinder, IAuditLog audit, TimeProvider clock)
{
    public Task<Actor> ActorAsync() => currentActor.GetAsync();

    /// <summary>"My" staff member: bound by Entra object id, or matched by e-mail on first use (the staff feature's binder).</summary>
    public Task<StaffMember?> FindStaffForActorAsync(Actor actor, CancellationToken ct) => staffBinder.FindForActorAsync(actor, ct);

    public static SessionResult? RefuseInvalid(ValidationResult validation) => validation.IsValid
        ? null
        : SessionResult.Refused(SessionRefusal.Invalid, string.Join(" ", validation.Errors.Select(e => e.ErrorMessage).Distinct()));

    /// <summary>
    /// The session, tracked in the caller's context, if the actor may manage it; with <paramref name="notScheduled"/>, refused
    /// with that message unless it is still scheduled.
    /// </summary>
    public async Task<(Session? Session, SessionResult? Refusal)> LoadManagedAsync(PortalDbContext db, long id, CancellationToken ct,
        string? notScheduled = null)
    {
        var actor = await currentActor.GetAsync();
        var session = await db.Sessions.Include(s => s.StaffMember).ThenInclude(m => m!.Mapping).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return (null, SessionResult.Refused(SessionRefusal.NotFound, "This session does not exist."));
        }
        if (!actor.IsAdminOrDirector && (await FindStaffForActorAsync(actor, ct))?.Id != session.StaffMemberId)
        {
            return (null, SessionResult.Refused(SessionRefusal.NotFound, "This session does not exist."));
        }
        if (notScheduled is not null && session.State != SessionState.Scheduled)
        {
            return (null, SessionResult.Refused(SessionRefusal.NotScheduled, notScheduled));
        }
        return (session, null);
    }

    public async Task MarkDeletedInZoomAsync(PortalDbContext db, Session session, CancellationToken ct)
    {
        session.State = SessionState.DeletedInZoom;
        session.UpdatedAt = clock.GetUtcNow();
        await audit.AddAsync(db, SessionAuditActions.DeletedInZoom, AuditTarget.Session(session.Id, session.Topic), null, new { session.ZoomMeetingId }, session.ConnectionId);
        await db.SaveChangesAsync(ct);
    }
}
