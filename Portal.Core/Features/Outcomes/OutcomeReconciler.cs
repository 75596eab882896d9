using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Outcomes;

/// <summary>
/// Fills in what webhooks missed from Zoom's past-meeting reports: per session one past-meeting call, one participants
/// call per page of 300 (only when more than one person attended: the list is empty otherwise), the instances only when
/// the meeting was started more than once, and the meeting's status only when Zoom has no past meeting yet.
/// </summary>
public sealed class OutcomeReconciler(IZoomPastMeetings zoom, SessionOutcomeUpdater updater, TimeProvider clock)
{
    public const int MaxAttemptsWithoutPastMeeting = 3;

    public const string WebhooksOnlyPlan =
        "Zoom lists the participants of past meetings on paid plans only: this outcome comes from Zoom's webhooks and the client's Join click.";

    public const string WebhooksOnlyScopes =
        "The Zoom connection lacks the past-meeting permissions (meeting:read:past_meeting, list_past_participants, list_past_instances): this outcome comes from webhooks only.";

    public const string TooOld = "Zoom keeps meeting reports for a year: this outcome comes from webhooks only.";

    public enum Result
    {
        Final = 0,
        RetryLater = 1,
    }

    public async Task<Result> ReconcileAsync(PortalDbContext db, ZoomTarget target, long sessionId, long meetingId, CancellationToken ct)
    {
        var outcome = await updater.RecomputeAsync(db, sessionId, ct);
        var known = await db.MeetingFacts.AsNoTracking().Where(f => f.SessionId == sessionId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        outcome.ReconcileAttempts++;
        ZoomPastMeeting? past;
        try
        {
            past = await zoom.GetPastMeetingAsync(target, meetingId.ToString(CultureInfo.InvariantCulture), ct);
        }
        catch (ZoomApiException ex) when (WebhooksOnly(ex) is { } refused)
        {
            Finish(outcome, refused);
            await updater.RecomputeAsync(db, sessionId, ct);
            return Result.Final;
        }
        if (past is null)
        {
            // 3001: not ended yet, or never held. A running meeting is retried later; a waiting one a few times (Zoom's
            // report can lag the end), then the outcome stands on what the webhooks and the Join click said.
            var status = await zoom.GetMeetingStatusAsync(target, meetingId, ct);
            if (status == "started" || outcome.ReconcileAttempts < MaxAttemptsWithoutPastMeeting)
            {
                outcome.ReconcileAfter = now + TimeSpan.FromMinutes(15 * outcome.ReconcileAttempts);
                await updater.RecomputeAsync(db, sessionId, ct);
                return Result.RetryLater;
            }
            Finish(outcome, null);
            await updater.RecomputeAsync(db, sessionId, ct);
            return Result.Final;
        }

        var facts = new List<MeetingFact>();
        var knownUuids = known.Where(f => f.Kind == MeetingFactKind.Started).Select(f => f.MeetingUuid).ToHashSet(StringComparer.Ordinal);
        var instances = new List<(string Uuid, DateTimeOffset? Start, DateTimeOffset? End, int Count)>
        {
            (past.Uuid, past.StartTime, past.EndTime, past.ParticipantsCount),
        };
        if (knownUuids.Count > 1 || (knownUuids.Count == 1 && !knownUuids.Contains(past.Uuid)))
        {
            var more = await zoom.ListPastInstancesAsync(target, meetingId, ct);
            instances.AddRange(more.Where(i => i.Uuid != past.Uuid).Select(i => (i.Uuid, i.StartTime, (DateTimeOffset?)null, int.MaxValue)));
        }
        string? note = null;
        foreach (var (uuid, start, end, count) in instances)
        {
            var rows = new List<ZoomPastParticipant>();
            if (count > 1 && note is null)
            {
                try
                {
                    rows.AddRange(await zoom.ListPastParticipantsAsync(target, uuid, ct));
                }
                catch (ZoomApiException ex) when (WebhooksOnly(ex) is { } why)
                {
                    note = why;
                }
            }
            if (start is { } s)
            {
                facts.Add(MeetingFacts.Meeting(sessionId, MeetingFactKind.Started, uuid, s, fromReport: true));
            }
            var ended = end ?? rows.Select(r => r.LeaveTime).Max() ?? start;
            if (ended is { } e)
            {
                facts.Add(MeetingFacts.Meeting(sessionId, MeetingFactKind.Ended, uuid, e, fromReport: true));
            }
            facts.AddRange(rows.SelectMany(r => ParticipantFacts(sessionId, uuid, r, known)));
        }
        Finish(outcome, note);
        await updater.ApplyAsync(db, sessionId, facts, ct);
        return Result.Final;
    }

    private static Result Finish(SessionOutcome outcome, string? note)
    {
        outcome.Final = true;
        outcome.ReconcileAfter = null;
        outcome.ReconcileNote = note;
        return Result.Final;
    }

    private static string? WebhooksOnly(ZoomApiException ex) => ex switch
    {
        ZoomScopeException => WebhooksOnlyScopes,
        { Code: ZoomErrorCodes.MissingScopes or ZoomErrorCodes.MissingScopesOrEmptyToken } => WebhooksOnlyScopes,
        { Code: ZoomErrorCodes.NoPermission } => WebhooksOnlyPlan,
        { Code: 12702 } => TooOld,
        _ => null,
    };

    private static IEnumerable<MeetingFact> ParticipantFacts(long sessionId, string uuid, ZoomPastParticipant row, List<MeetingFact> known)
    {
        // The report has no participant_uuid: a person the webhooks already named keeps the key they had there.
        var same = known.Where(f => f.MeetingUuid == uuid && f.ParticipantKey is not null
                && (row.Id is { } id ? f.ZoomUserId == id : string.Equals(f.ParticipantName, row.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            .Select(f => f.ParticipantKey!).Distinct().ToList();
        var facts = new List<MeetingFact>();
        if (row.JoinTime is { } join)
        {
            facts.Add(MeetingFacts.Participant(sessionId, MeetingFactKind.Joined, uuid, join, null, row.Id, row.UserId, row.Name, row.Email, fromReport: true));
        }
        if (row.LeaveTime is { } leave)
        {
            facts.Add(MeetingFacts.Participant(sessionId, MeetingFactKind.Left, uuid, leave, null, row.Id, row.UserId, row.Name, row.Email, fromReport: true));
        }
        if (same.Count == 1)
        {
            facts.ForEach(f => f.ParticipantKey = same[0]);
        }
        return facts;
    }
}
