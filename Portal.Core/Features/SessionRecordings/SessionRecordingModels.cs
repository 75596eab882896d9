using Portal.Core.Features.Recordings;
using Portal.Core.Zoom;

namespace Portal.Core.Features.SessionRecordings;

public sealed record SessionRecordingRow(
    long Id,
    int ConnectionId,
    string MeetingUuid,
    DateTimeOffset RecordedAt,
    int DurationMinutes,
    long TotalSize,
    int FileCount,
    string? PlayFileId,
    string? PlayFileType,
    SessionRecordingState State)
{
    /// <summary>URL-safe form of the meeting UUID, as the recording streams take it.</summary>
    public string Key => RecordingKeys.Encode(MeetingUuid);

    public bool Playable => State == SessionRecordingState.Available && PlayFileId is not null;

    public bool IsVideo => RecordingFileItem.KindOf(PlayFileType ?? "") == RecordingFileKind.Video;
}

/// <summary>A session's recordings for its page: what is tied, whether it is published and until when, and the publishing limits.</summary>
public sealed record SessionRecordingsView(
    long SessionId,
    bool SessionStarted,
    IReadOnlyList<SessionRecordingRow> Recordings,
    DateTimeOffset? PublishedUntil,
    bool Published,
    TimeSpan DefaultDuration,
    TimeSpan MaxDuration,
    ZoomRefusal? Zoom,
    string? Note)
{
    public bool CanPublish => Recordings.Any(r => r.Playable);
}

public sealed record PublishResult(bool Succeeded, string Message, DateTimeOffset? PublishedUntil = null);

public enum ClientRecordingState
{
    /// <summary>Nothing was ever published for this session (the client page shows nothing).</summary>
    None = 0,
    Published = 1,

    /// <summary>It was published, but it was unpublished, its time is over, or Zoom no longer has it.</summary>
    NoLongerAvailable = 2,
}

public sealed record ClientRecordingItem(string FileId, bool IsVideo, DateTimeOffset RecordedAt, int DurationMinutes);

public sealed record ClientRecordingView(long? SessionId, ClientRecordingState State, DateTimeOffset? PublishedUntil, IReadOnlyList<ClientRecordingItem> Recordings)
{
    public static readonly ClientRecordingView Nothing = new(null, ClientRecordingState.None, null, []);
}

public enum ClientFileOutcome
{
    NotFound = 0,

    /// <summary>The session is known, but its recording is not published (any more) or Zoom no longer has it.</summary>
    Gone = 1,
    Opened = 2,

    /// <summary>Zoom refused to hand the file over (limits, outage): <see cref="ClientRecordingFile.Opened"/> says why.</summary>
    Refused = 3,
}

public sealed record ClientRecordingFile(ClientFileOutcome Outcome, ZoomResult<RecordingFileStream>? Opened = null)
{
    public static readonly ClientRecordingFile NotFound = new(ClientFileOutcome.NotFound);
    public static readonly ClientRecordingFile Gone = new(ClientFileOutcome.Gone);
}
