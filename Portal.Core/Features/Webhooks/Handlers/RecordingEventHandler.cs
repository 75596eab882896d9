namespace Portal.Core.Features.Webhooks.Handlers;

/// <summary>What the recordings feature does when Zoom reports a recording change (refresh its cache, adjust storage estimates).</summary>
public interface IRecordingEventSink
{
    Task OnRecordingEventAsync(int? connectionId, string eventName, string meetingUuid, long? meetingId, string? hostId, CancellationToken ct);
}

public sealed class RecordingEventHandler(IEnumerable<IRecordingEventSink> sinks) : IWebhookEventHandler
{
    public bool Handles(string eventName) =>
        eventName is "recording.completed" or "recording.trashed" or "recording.deleted" or "recording.recovered";

    public async Task HandleAsync(WebhookContext context, CancellationToken ct)
    {
        var meeting = context.Payload.Object();
        var uuid = meeting.String("uuid") ?? throw new WebhookPayloadException("the recorded meeting's ID");
        foreach (var sink in sinks)
        {
            await sink.OnRecordingEventAsync(context.Event.ConnectionId, context.Event.Event, uuid, meeting.Long("id"), meeting.String("host_id"), ct);
        }
    }
}
