using System.Text.Json;
using Portal.Core.Features.SessionRecordings;

namespace Portal.Core.Features.Webhooks.Handlers;

/// <summary>What the recordings feature does when Zoom reports a recording change (refresh its cache, adjust storage estimates).</summary>
public interface IRecordingEventSink
{
    Task OnRecordingEventAsync(int? connectionId, string eventName, string meetingUuid, long? meetingId, string? hostId, CancellationToken ct);
}

/// <summary>Ties a completed recording to its session (and follows it to the trash and back), then tells the recording sinks.</summary>
public sealed class RecordingEventHandler(IEnumerable<IRecordingEventSink> sinks, SessionRecordingTies ties) : IWebhookEventHandler
{
    public bool Handles(string eventName) =>
        eventName is "recording.completed" or "recording.trashed" or "recording.deleted" or "recording.recovered";

    public async Task HandleAsync(WebhookContext context, CancellationToken ct)
    {
        var meeting = context.Payload.Object();
        var uuid = meeting.String("uuid") ?? throw new WebhookPayloadException("the recorded meeting's ID");
        var connectionId = context.Event.ConnectionId;
        switch (context.Event.Event)
        {
            case "recording.completed" when meeting.Long("id") is { } meetingId:
                await ties.TieCompletedAsync(context.Db, connectionId, Seen(meeting, uuid, meetingId), ct);
                break;
            case "recording.trashed":
                await ties.MarkAsync(context.Db, connectionId, uuid, SessionRecordingState.Trashed, ct);
                break;
            case "recording.deleted":
                await ties.MarkAsync(context.Db, connectionId, uuid, SessionRecordingState.Deleted, ct);
                break;
            case "recording.recovered":
                await ties.MarkAsync(context.Db, connectionId, uuid, SessionRecordingState.Available, ct);
                break;
        }
        await context.Db.SaveChangesAsync(ct);
        foreach (var sink in sinks)
        {
            await sink.OnRecordingEventAsync(connectionId, context.Event.Event, uuid, meeting.Long("id"), meeting.String("host_id"), ct);
        }
    }

    private static RecordingSeen Seen(JsonElement meeting, string uuid, long meetingId)
    {
        var files = meeting.TryGetProperty("recording_files", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Where(f => f.String("id") is not null && f.String("file_type") is not null)
                .Select(f => new RecordingSeenFile(f.String("id")!, f.String("file_type")!, f.String("recording_type"), f.Long("file_size") ?? 0))
                .ToList()
            : [];
        return new RecordingSeen(uuid, meetingId, meeting.Time("start_time") ?? DateTimeOffset.MinValue, meeting.Int("duration") ?? 0,
            meeting.Long("total_size") ?? files.Sum(f => f.Size), files);
    }
}
