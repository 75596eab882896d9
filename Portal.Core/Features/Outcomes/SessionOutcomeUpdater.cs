using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Outcomes;

/// <summary>Adds facts to a session and stores the outcome and attendance the rules derive from all of them.</summary>
public sealed class SessionOutcomeUpdater(TimeProvider clock)
{
    /// <summary>Stores the new facts (those already known are skipped) and recomputes; the caller saves the context.</summary>
    public async Task<SessionOutcome> ApplyAsync(PortalDbContext db, long sessionId, IReadOnlyCollection<MeetingFact> newFacts, CancellationToken ct)
    {
        // Local too: a caller may apply twice before it saves.
        var known = (await db.MeetingFacts.Where(f => f.SessionId == sessionId).ToListAsync(ct))
            .Union(db.MeetingFacts.Local.Where(f => f.SessionId == sessionId)).ToList();
        var keys = known.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var fact in newFacts.DistinctBy(f => f.Key).Where(f => !keys.Contains(f.Key)))
        {
            db.MeetingFacts.Add(fact);
            known.Add(fact);
        }
        var outcome = db.SessionOutcomes.Local.FirstOrDefault(o => o.SessionId == sessionId)
            ?? await db.SessionOutcomes.FirstOrDefaultAsync(o => o.SessionId == sessionId, ct);
        if (outcome is null)
        {
            outcome = new SessionOutcome { SessionId = sessionId };
            db.SessionOutcomes.Add(outcome);
        }
        if (newFacts.Count > 0)
        {
            outcome.LastEventAt = clock.GetUtcNow();
        }
        await RecomputeAsync(db, outcome, known, ct);
        return outcome;
    }

    /// <summary>Recomputes from the stored facts (after a click, an assignment or when time passes); the caller saves.</summary>
    public async Task<SessionOutcome> RecomputeAsync(PortalDbContext db, long sessionId, CancellationToken ct) =>
        await ApplyAsync(db, sessionId, [], ct);

    private async Task RecomputeAsync(PortalDbContext db, SessionOutcome outcome, List<MeetingFact> facts, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().Where(s => s.Id == outcome.SessionId)
            .Select(s => new OutcomeSession(s.StartsAt, s.EndsAt, s.ZoomHostUserId, s.ClientEmail, s.ClientName)).FirstAsync(ct);
        var assignments = await db.AttendeeAssignments.AsNoTracking().Where(a => a.SessionId == outcome.SessionId)
            .ToDictionaryAsync(a => a.ParticipantKey, a => a.Role, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();
        var decision = OutcomeRules.Decide(new OutcomeInput(session, facts, assignments, outcome.ClientClickedJoinAt, now,
            AwaitingZoomReport: !outcome.Final && outcome.ReconcileAfter is not null));
        outcome.Status = decision.Status;
        outcome.ActualStart = decision.ActualStart;
        outcome.ActualEnd = decision.ActualEnd;
        outcome.HeldMinutes = decision.HeldMinutes;
        outcome.Instances = decision.Instances;
        outcome.MeetingRunning = decision.MeetingRunning;
        outcome.MeetingEnded = decision.MeetingEnded;
        outcome.HostInMeeting = decision.HostInMeeting;
        outcome.ClientInMeeting = decision.ClientInMeeting;
        outcome.ClientWaiting = decision.ClientWaiting;
        outcome.UpdatedAt = now;
        if (decision.MeetingRunning)
        {
            outcome.Final = false;
        }

        var rows = await db.SessionAttendances.Where(a => a.SessionId == outcome.SessionId).ToListAsync(ct);
        db.SessionAttendances.RemoveRange(rows.Union(db.SessionAttendances.Local.Where(a => a.SessionId == outcome.SessionId)).ToList());
        db.SessionAttendances.AddRange(decision.Attendance.Select(r => new SessionAttendance
        {
            SessionId = outcome.SessionId,
            ParticipantKey = r.ParticipantKey,
            Name = r.Name,
            Email = r.Email,
            ZoomUserId = r.ZoomUserId,
            JoinedAt = r.JoinedAt,
            LeftAt = r.LeftAt,
            WaitingOnly = r.WaitingOnly,
            Role = r.Role,
            Assigned = r.Assigned,
        }));
    }
}
