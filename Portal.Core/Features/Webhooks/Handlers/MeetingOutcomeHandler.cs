using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Outcomes;

namespace Portal.Core.Features.Webhooks.Handlers;

/// <summary>Turns Zoom's meeting and participant events into facts of the session's outcome.</summary>
public sealed class MeetingOutcomeHandler(SessionOutcomeUpdater updater, OutcomeSignals signals) : IWebhookEventHandler
{
    public bool Handles(string eventName) => KindOf(eventName) is not null;

    public async Task HandleAsync(WebhookContext context, CancellationToken ct)
    {
        var kind = KindOf(context.Event.Event)!.Value;
        var meeting = context.Payload.Object();
        var meetingId = meeting.Long("id") ?? throw new InvalidOperationException("Meeting event without object.id.");
        var uuid = meeting.String("uuid") ?? meetingId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sessionIds = await context.Db.Sessions.Where(s => s.ZoomMeetingId == meetingId
                && (context.Event.ConnectionId == null || s.ConnectionId == context.Event.ConnectionId))
            .Select(s => s.Id).ToListAsync(ct);
        foreach (var sessionId in sessionIds)
        {
            var fact = kind switch
            {
                MeetingFactKind.Started => MeetingFacts.Meeting(sessionId, kind, uuid, meeting.Time("start_time") ?? context.Event.ReceivedAt),
                MeetingFactKind.Ended => MeetingFacts.Meeting(sessionId, kind, uuid, meeting.Time("end_time") ?? context.Event.ReceivedAt),
                _ => Participant(sessionId, kind, uuid, meeting, context.Event.ReceivedAt),
            };
            await updater.ApplyAsync(context.Db, sessionId, [fact], ct);
        }
        await context.Db.SaveChangesAsync(ct);
        foreach (var sessionId in sessionIds)
        {
            signals.Raise(sessionId);
        }
    }

    private static MeetingFact Participant(long sessionId, MeetingFactKind kind, string uuid, System.Text.Json.JsonElement meeting, DateTimeOffset received)
    {
        var p = meeting.TryGetProperty("participant", out var participant) ? participant : default;
        var at = kind == MeetingFactKind.Left
            ? p.Time("leave_time") ?? p.Time("join_time") ?? received
            : p.Time("join_time") ?? p.Time("date_time") ?? received;
        return MeetingFacts.Participant(sessionId, kind, uuid, at, p.String("participant_uuid"), p.String("id"), p.String("user_id"),
            p.String("user_name"), p.String("email"));
    }

    private static MeetingFactKind? KindOf(string eventName) => eventName switch
    {
        "meeting.started" => MeetingFactKind.Started,
        "meeting.ended" => MeetingFactKind.Ended,
        "meeting.participant_joined" => MeetingFactKind.Joined,
        "meeting.participant_left" => MeetingFactKind.Left,
        "meeting.participant_joined_waiting_room" => MeetingFactKind.WaitingRoom,
        "meeting.participant_jbh_waiting" => MeetingFactKind.WaitingForHost,
        _ => null,
    };
}
