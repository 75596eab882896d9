using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Sessions;

namespace Portal.Core.Features.Webhooks.Handlers;

/// <summary>Keeps sessions in step with meetings changed or deleted directly in Zoom.</summary>
public sealed class MeetingEventHandler(IAuditLog audit, TimeProvider clock) : IWebhookEventHandler
{
    public bool Handles(string eventName) => eventName is "meeting.updated" or "meeting.deleted";

    public async Task HandleAsync(WebhookContext context, CancellationToken ct)
    {
        var meeting = context.Payload.Object();
        var meetingId = meeting.Long("id") ?? throw new WebhookPayloadException("the meeting's number");
        var sessions = await context.Db.Sessions.Where(s => s.ZoomMeetingId == meetingId && s.State == SessionState.Scheduled).ToListAsync(ct);
        foreach (var session in sessions)
        {
            var before = new { session.Topic, session.StartsAt, session.DurationMinutes, session.State };
            if (context.Event.Event == "meeting.deleted")
            {
                session.State = SessionState.DeletedInZoom;
            }
            else
            {
                session.Topic = meeting.String("topic") ?? session.Topic;
                session.StartsAt = meeting.Time("start_time") ?? session.StartsAt;
                session.DurationMinutes = meeting.Int("duration") ?? session.DurationMinutes;
                session.TimeZone = meeting.String("timezone") ?? session.TimeZone;
            }
            session.UpdatedAt = clock.GetUtcNow();
            await audit.AddAsync(context.Db, context.Event.Event == "meeting.deleted" ? SessionAuditActions.DeletedInZoom : SessionAuditActions.UpdatedInZoom,
                AuditTarget.Session(session.Id, session.Topic), before, new { session.Topic, session.StartsAt, session.DurationMinutes, session.State }, session.ConnectionId);
        }
        await context.Db.SaveChangesAsync(ct);
    }
}
