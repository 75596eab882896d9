using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;

namespace Portal.Core.Features.Outcomes;

public interface ISessionOutcomes
{
    /// <summary>The outcome of a session the signed-in person may see (its host, directors, administrators); null otherwise.</summary>
    Task<OutcomeView?> GetAsync(long sessionId, CancellationToken ct = default);

    /// <summary>Outcome and live state of the given sessions (a page of the sessions list), for those that have one.</summary>
    Task<IReadOnlyDictionary<long, OutcomeListItem>> ListAsync(IReadOnlyCollection<long> sessionIds, CancellationToken ct = default);

    /// <summary>Directors: sets the outcome by hand (null returns to the derived one). Audited.</summary>
    Task CorrectAsync(long sessionId, OutcomeStatus? status, string? note, CancellationToken ct = default);

    /// <summary>Directors: assigns a participant to the host or the client (Unmatched undoes it). Audited.</summary>
    Task AssignAsync(long sessionId, string participantKey, AttendeeRole role, CancellationToken ct = default);

    /// <summary>
    /// The portal's own record that the client clicked "Join now" on the client page (anonymous: no actor check). The first
    /// click counts; the outcome is recomputed with it.
    /// </summary>
    Task RecordClientJoinClickAsync(long sessionId, CancellationToken ct = default);
}

public sealed class SessionOutcomes(
    IDbContextFactory<PortalDbContext> dbFactory,
    SessionOutcomeUpdater updater,
    SessionSteps steps,
    ICurrentActor currentActor,
    IAuditLog audit,
    OutcomeSignals signals,
    TimeProvider clock) : ISessionOutcomes
{
    private const string DirectorsOnly = "Only directors and administrators can correct a session's outcome.";

    public async Task<OutcomeView?> GetAsync(long sessionId, CancellationToken ct = default)
    {
        var actor = await steps.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staffId = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => (int?)s.StaffMemberId).FirstOrDefaultAsync(ct);
        if (staffId is null || (!actor.IsAdminOrDirector && (await steps.FindStaffForActorAsync(actor, ct))?.Id != staffId))
        {
            return null;
        }
        var outcome = await db.SessionOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.SessionId == sessionId, ct);
        if (outcome is null)
        {
            return OutcomeView.Empty(sessionId);
        }
        var rows = await db.SessionAttendances.AsNoTracking().Where(a => a.SessionId == sessionId).OrderBy(a => a.JoinedAt).ThenBy(a => a.Id)
            .Select(a => new AttendanceView(a.Id, a.ParticipantKey, a.Name, a.Email, a.JoinedAt, a.LeftAt, a.WaitingOnly, a.Role, a.Assigned))
            .ToListAsync(ct);
        return new OutcomeView(sessionId, outcome.Shown, outcome.CorrectedStatus is not null, outcome.CorrectedBy, outcome.CorrectionNote,
            outcome.ActualStart, outcome.ActualEnd, outcome.HeldMinutes, outcome.Instances, OutcomeText.LiveOf(outcome), outcome.ClientClickedJoinAt,
            outcome.LastEventAt, outcome.Final, outcome.ReconcileNote, rows);
    }

    public async Task<IReadOnlyDictionary<long, OutcomeListItem>> ListAsync(IReadOnlyCollection<long> sessionIds, CancellationToken ct = default)
    {
        await currentActor.RequireStaffAsync("Sign in to see sessions.");
        if (sessionIds.Count == 0)
        {
            return new Dictionary<long, OutcomeListItem>();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var outcomes = await db.SessionOutcomes.AsNoTracking().Where(o => sessionIds.Contains(o.SessionId)).ToListAsync(ct);
        return outcomes.ToDictionary(o => o.SessionId, o => new OutcomeListItem(o.SessionId, o.Shown, OutcomeText.LiveOf(o)));
    }

    public async Task CorrectAsync(long sessionId, OutcomeStatus? status, string? note, CancellationToken ct = default)
    {
        var actor = await currentActor.RequireDirectorAsync(DirectorsOnly);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new InvalidOperationException("This session does not exist.");
        var outcome = await updater.RecomputeAsync(db, sessionId, ct);
        var before = new { Status = outcome.Shown.ToString(), Corrected = outcome.CorrectedStatus is not null };
        outcome.CorrectedStatus = status;
        outcome.CorrectedBy = status is null ? null : actor.Name;
        outcome.CorrectionNote = status is null ? null : note?.Trim();
        await audit.AddAsync(db, OutcomeAuditActions.Corrected, AuditTarget.Session(session.Id, session.Topic), before,
            new { Status = outcome.Shown.ToString(), Corrected = status is not null, Note = outcome.CorrectionNote }, session.ConnectionId);
        await db.SaveChangesAsync(ct);
        signals.Raise(sessionId);
    }

    public async Task AssignAsync(long sessionId, string participantKey, AttendeeRole role, CancellationToken ct = default)
    {
        var actor = await currentActor.RequireDirectorAsync(DirectorsOnly);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new InvalidOperationException("This session does not exist.");
        var row = await db.SessionAttendances.AsNoTracking().FirstOrDefaultAsync(a => a.SessionId == sessionId && a.ParticipantKey == participantKey, ct)
            ?? throw new InvalidOperationException("This participant is not in the session's attendance.");
        var existing = await db.AttendeeAssignments.FirstOrDefaultAsync(a => a.SessionId == sessionId && a.ParticipantKey == participantKey, ct);
        if (existing is not null)
        {
            db.AttendeeAssignments.Remove(existing);
        }
        if (role != AttendeeRole.Unmatched)
        {
            db.AttendeeAssignments.Add(new AttendeeAssignment
            {
                SessionId = sessionId,
                ParticipantKey = participantKey,
                Role = role,
                AssignedBy = actor.Name,
                AssignedAt = clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(ct);
        var before = await db.SessionOutcomes.AsNoTracking().Where(o => o.SessionId == sessionId).Select(o => (OutcomeStatus?)o.Status).FirstOrDefaultAsync(ct);
        var outcome = await updater.RecomputeAsync(db, sessionId, ct);
        await audit.AddAsync(db, OutcomeAuditActions.ParticipantAssigned, AuditTarget.Session(session.Id, session.Topic),
            new { Participant = row.Name, Role = OutcomeText.Role(row.Role), Status = before?.ToString() },
            new { Participant = row.Name, Role = OutcomeText.Role(role), Status = outcome.Status.ToString() }, session.ConnectionId);
        await db.SaveChangesAsync(ct);
        signals.Raise(sessionId);
    }

    public async Task RecordClientJoinClickAsync(long sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return;
        }
        var outcome = await db.SessionOutcomes.FirstOrDefaultAsync(o => o.SessionId == sessionId, ct);
        if (outcome is null)
        {
            outcome = new SessionOutcome { SessionId = sessionId };
            db.SessionOutcomes.Add(outcome);
            await db.SaveChangesAsync(ct);
        }
        outcome.ClientClickedJoinAt ??= clock.GetUtcNow();
        await updater.RecomputeAsync(db, sessionId, ct);
        await db.SaveChangesAsync(ct);
        signals.Raise(sessionId);
    }
}
