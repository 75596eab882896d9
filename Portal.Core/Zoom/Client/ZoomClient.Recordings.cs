using System.Runtime.CompilerServices;

namespace Portal.Core.Zoom;

internal sealed partial class ZoomClient
{
    public async Task<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsWindowAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (!ZoomMonthWindows.IsWithinOneMonth(from, to))
        {
            throw new ArgumentOutOfRangeException(nameof(to), "Zoom lists recordings for at most one month per request; use ListUserRecordingsAsync.");
        }
        return await ListRecordingsAsync(target, userId, new Dictionary<string, string> { ["from"] = Day(from), ["to"] = Day(to) }, ct);
    }

    public async IAsyncEnumerable<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var (windowFrom, windowTo) in ZoomMonthWindows.Split(from, to))
        {
            yield return await ListUserRecordingsWindowAsync(target, userId, windowFrom, windowTo, ct);
        }
    }

    public Task<IReadOnlyList<ZoomRecordingMeeting>> ListTrashAsync(ZoomTarget target, string userId, CancellationToken ct = default) =>
        ListRecordingsAsync(target, userId, new Dictionary<string, string> { ["trash"] = "true", ["trash_type"] = "meeting_recordings" }, ct);

    private async Task<IReadOnlyList<ZoomRecordingMeeting>> ListRecordingsAsync(ZoomTarget target, string userId, Dictionary<string, string> query, CancellationToken ct)
    {
        var meetings = new List<ZoomRecordingMeeting>();
        await foreach (var (page, _) in PagesAsync(target, "users/" + Segment(userId) + "/recordings", query, ZoomRateCategory.Medium,
            ZoomWireJson.Default.RecordingPageWire, ct))
        {
            ThrowIfErrorBody(page, hasExpectedContent: page.Meetings is not null);
            meetings.AddRange((page.Meetings ?? []).Select(MapRecordingMeeting));
        }
        return meetings;
    }

    public async Task<ZoomRecordingMeeting?> GetMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default)
    {
        try
        {
            var meeting = await GetAsync(target, "meetings/" + ZoomUuid.EncodeForPath(meetingIdOrUuid) + "/recordings", ZoomRateCategory.Light,
                ZoomWireJson.Default.RecordingMeetingWire, ct);
            ThrowIfErrorBody(meeting, hasExpectedContent: meeting.RecordingFiles is not null);
            return MapRecordingMeeting(meeting);
        }
        catch (ZoomApiException ex) when (ex.Code == ZoomErrorCodes.NoRecording)
        {
            return null;
        }
    }

    public async Task DeleteMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, bool permanently, CancellationToken ct = default)
    {
        using var _ = await SendAsync(target, HttpMethod.Delete,
            $"meetings/{ZoomUuid.EncodeForPath(meetingIdOrUuid)}/recordings?action={TrashOrDelete(permanently)}", ZoomRateCategory.Light, null, ct);
    }

    public async Task DeleteRecordingFileAsync(ZoomTarget target, string meetingUuid, string recordingFileId, bool permanently, CancellationToken ct = default)
    {
        using var _ = await SendAsync(target, HttpMethod.Delete,
            $"meetings/{ZoomUuid.EncodeForPath(meetingUuid)}/recordings/{Segment(recordingFileId)}?action={TrashOrDelete(permanently)}", ZoomRateCategory.Light, null, ct);
    }

    public async Task RecoverMeetingRecordingsAsync(ZoomTarget target, string meetingUuid, CancellationToken ct = default)
    {
        using var _ = await SendAsync(target, HttpMethod.Put, $"meetings/{ZoomUuid.EncodeForPath(meetingUuid)}/recordings/status", ZoomRateCategory.Light,
            Json(new RecordingStatusWire("recover"), ZoomWireJson.Default.RecordingStatusWire), ct);
    }

    private static string TrashOrDelete(bool permanently) => permanently ? "delete" : "trash";

    private static ZoomRecordingMeeting MapRecordingMeeting(RecordingMeetingWire m)
    {
        var files = (m.RecordingFiles ?? []).Select(f => new ZoomRecordingFile(
            f.Id ?? "",
            f.MeetingId ?? m.Uuid ?? "",
            f.FileType ?? "",
            f.FileExtension,
            f.FileSize ?? 0,
            f.RecordingStart,
            f.RecordingEnd,
            f.PlayUrl,
            f.DownloadUrl,
            f.Status,
            f.RecordingType)).ToList();
        return new ZoomRecordingMeeting(
            m.Uuid ?? "",
            m.Id ?? 0,
            m.HostId,
            m.Topic ?? "",
            m.StartTime ?? DateTimeOffset.MinValue,
            m.Duration ?? 0,
            m.TotalSize ?? files.Sum(f => f.FileSize),
            m.RecordingCount ?? files.Count,
            m.ShareUrl,
            files);
    }
}
