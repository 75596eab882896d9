namespace Portal.Core.Zoom;

/// <summary>Cloud recordings: listing (by month window), trash, deletion, recovery and streaming. Errors surface as the Zoom exceptions.</summary>
public interface IZoomRecordings
{
    /// <summary>A user's cloud recordings in one window of at most one month (all pages).</summary>
    Task<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsWindowAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>A user's cloud recordings over any range: split into month windows, yielded window by window (newest first).</summary>
    IAsyncEnumerable<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>The user's recordings in the trash.</summary>
    Task<IReadOnlyList<ZoomRecordingMeeting>> ListTrashAsync(ZoomTarget target, string userId, CancellationToken ct = default);

    /// <summary>One meeting's recordings (numeric id = latest instance, or a UUID); null on 3301.</summary>
    Task<ZoomRecordingMeeting?> GetMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default);

    /// <summary>Deletes all of a meeting's recordings to the trash, or permanently.</summary>
    Task DeleteMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, bool permanently, CancellationToken ct = default);

    Task DeleteRecordingFileAsync(ZoomTarget target, string meetingUuid, string recordingFileId, bool permanently, CancellationToken ct = default);

    Task RecoverMeetingRecordingsAsync(ZoomTarget target, string meetingUuid, CancellationToken ct = default);

    /// <summary>Streams a recording file through Zoom's redirect to storage; supports a byte range.</summary>
    Task<ZoomDownload> DownloadAsync(ZoomTarget target, string downloadUrl, long? rangeFrom = null, long? rangeTo = null, CancellationToken ct = default);
}
