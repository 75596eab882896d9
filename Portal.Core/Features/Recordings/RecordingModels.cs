using Portal.Core.Features.Staff;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Recordings;

public enum RecordingFileKind
{
    Video = 0,
    Audio = 1,
    Transcript = 2,
    Chat = 3,
    Other = 4,
}

public sealed record RecordingFileItem(
    string Id,
    string FileType,
    string? Extension,
    RecordingFileKind Kind,
    long Size,
    string? RecordingType,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    string? Status)
{
    public bool Playable => Kind is RecordingFileKind.Video or RecordingFileKind.Audio && !string.Equals(Status, "processing", StringComparison.OrdinalIgnoreCase);

    public string Label => Kind switch
    {
        RecordingFileKind.Video => RecordingType is { Length: > 0 } t ? $"Video ({t.Replace('_', ' ')})" : "Video",
        RecordingFileKind.Audio => "Audio",
        RecordingFileKind.Transcript => "Transcript",
        RecordingFileKind.Chat => "Chat",
        _ => FileType,
    };

    public string FileName(string topic)
    {
        var safe = new string(topic.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        var ext = (Extension ?? FileType).ToLowerInvariant();
        return $"{(safe.Length == 0 ? "recording" : safe)}-{Kind.ToString().ToLowerInvariant()}.{ext}";
    }

    public static RecordingFileItem From(ZoomRecordingFile f) => new(
        f.Id, f.FileType, f.FileExtension, KindOf(f.FileType), f.FileSize, f.RecordingType, f.RecordingStart, f.RecordingEnd, f.Status);

    public static RecordingFileKind KindOf(string fileType) => fileType.ToUpperInvariant() switch
    {
        "MP4" => RecordingFileKind.Video,
        "M4A" => RecordingFileKind.Audio,
        "TRANSCRIPT" or "CC" => RecordingFileKind.Transcript,
        "CHAT" or "CHAT_MESSAGE" => RecordingFileKind.Chat,
        _ => RecordingFileKind.Other,
    };
}

/// <summary>The portal session a recording belongs to (its meeting id matches).</summary>
public sealed record RecordingSessionLink(long SessionId, string ClientName, string ClientEmail);

public sealed record RecordingItem(
    int ConnectionId,
    string MeetingUuid,
    long MeetingId,
    string? HostId,
    string Topic,
    DateTimeOffset StartTime,
    int DurationMinutes,
    long TotalSize,
    IReadOnlyList<RecordingFileItem> Files,
    RecordingSessionLink? Session,
    int? StaffMemberId,
    string? StaffName)
{
    /// <summary>URL-safe form of the meeting UUID (UUIDs may contain '/', '+' and '=').</summary>
    public string Key => RecordingKeys.Encode(MeetingUuid);

    public static RecordingItem From(int connectionId, ZoomRecordingMeeting m, RecordingSessionLink? session, int? staffMemberId, string? staffName) => new(
        connectionId, m.Uuid, m.Id, m.HostId, m.Topic, m.StartTime, m.Duration,
        m.TotalSize > 0 ? m.TotalSize : m.Files.Sum(f => f.FileSize),
        m.Files.Select(RecordingFileItem.From).ToList(), session, staffMemberId, staffName);
}

/// <summary>One month window of a listing; <see cref="Error"/> is set when that month could not be fetched.</summary>
/// <summary>One month window; <see cref="Error"/> says why it could not be read (Zoom's refusal in words, also in <see cref="Zoom"/>).</summary>
public sealed record RecordingMonth(DateOnly From, DateOnly To, IReadOnlyList<RecordingItem> Recordings, string? Error, ZoomRefusal? Zoom = null);

/// <summary>Whose recordings are in view, and why they cannot be listed when <see cref="Problem"/> is set.</summary>
public sealed record RecordingOwner(
    int? StaffMemberId,
    string? StaffName,
    string? StaffEmail,
    int? ConnectionId,
    string? ZoomUserId,
    MappingStatus? Status,
    string? Problem,
    string? WhomToAsk,
    bool AsMe = false,
    string? SwitchedOffReason = null)
{
    public bool CanList => Problem is null && StaffMemberId is not null && ConnectionId is not null && ZoomUserId is not null;

    /// <summary>How Zoom calls name this owner: "me" when the connection is a user-level link and they linked it.</summary>
    public string? PathUserId => AsMe ? "me" : ZoomUserId;
}

public sealed record RecordingStaffOption(int StaffMemberId, string Name, string Email, MappingStatus Status, bool HasZoomUser);

/// <summary>An open stream of a recording file from Zoom, to pass through to the browser.</summary>
public sealed record RecordingFileStream(ZoomDownload Download, string FileName, string ContentType, RecordingFileItem File) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Download.DisposeAsync();
}

/// <summary>Raised when the signed-in person may not see or change a recording; endpoints answer 404.</summary>
public sealed class RecordingAccessDeniedException(string message) : Exception(message);

public sealed record CreatedShare(long ShareId, string Token, string Path, DateTimeOffset ExpiresAt);

public sealed record ShareInfo(long Id, string Topic, string? RecipientName, string? RecipientEmail, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, int ViewCount, DateTimeOffset? LastViewedAt)
{
    public bool Active(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

public sealed record SharedRecordingView(long ShareId, string Topic, DateTimeOffset StartTime, int DurationMinutes, string? RecipientName,
    DateTimeOffset ExpiresAt, IReadOnlyList<RecordingFileItem> Files);

// ---- Clean-up ----

public sealed record CleanupTarget(int ConnectionId, string MeetingUuid, string Topic, long Size, string? StaffName);

public sealed record CleanupScanUpdate(int StaffDone, int StaffTotal, string StaffName, IReadOnlyList<RecordingItem> Recordings, string? Error);

public sealed record BulkDeleteOutcome(CleanupTarget Target, bool Deleted, string? Error, ZoomRefusal? Zoom = null);

public sealed record BulkDeleteResult(IReadOnlyList<BulkDeleteOutcome> Outcomes, bool Permanently)
{
    public int DeletedCount => Outcomes.Count(o => o.Deleted);
    public int FailedCount => Outcomes.Count(o => !o.Deleted);
    public long FreedBytes => Outcomes.Where(o => o.Deleted).Sum(o => o.Target.Size);
}
