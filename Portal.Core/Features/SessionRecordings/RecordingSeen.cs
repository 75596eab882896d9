using Portal.Core.Features.Recordings;
using Portal.Core.Zoom;

namespace Portal.Core.Features.SessionRecordings;

/// <summary>A recording instance as Zoom describes it (in a <c>recording.completed</c> event or a recordings listing).</summary>
public sealed record RecordingSeen(
    string MeetingUuid,
    long MeetingId,
    DateTimeOffset StartTime,
    int DurationMinutes,
    long TotalSize,
    IReadOnlyList<RecordingSeenFile> Files)
{
    /// <summary>The file a client plays: the speaker-and-screen video first, any other video, then the audio.</summary>
    public RecordingSeenFile? PlayFile =>
        Files.Where(f => RecordingFileItem.KindOf(f.FileType) == RecordingFileKind.Video)
            .OrderBy(f => f.RecordingType == "shared_screen_with_speaker_view" ? 0 : 1).FirstOrDefault()
        ?? Files.FirstOrDefault(f => RecordingFileItem.KindOf(f.FileType) == RecordingFileKind.Audio);

    public static RecordingSeen From(ZoomRecordingMeeting m) => new(m.Uuid, m.Id, m.StartTime, m.Duration,
        m.TotalSize > 0 ? m.TotalSize : m.Files.Sum(f => f.FileSize),
        m.Files.Select(f => new RecordingSeenFile(f.Id, f.FileType, f.RecordingType, f.FileSize)).ToList());
}

public sealed record RecordingSeenFile(string Id, string FileType, string? RecordingType, long Size);
