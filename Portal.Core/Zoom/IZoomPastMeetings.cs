namespace Portal.Core.Zoom;

/// <summary>What Zoom kept of meetings that took place (for session outcomes). Errors surface as the Zoom exceptions.</summary>
public interface IZoomPastMeetings
{
    /// <summary>An ended instance: the latest one for a numeric id, that one for a UUID; null on 3001 (not ended yet, or never held).</summary>
    Task<ZoomPastMeeting?> GetPastMeetingAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default);

    /// <summary>Everyone who joined an ended instance (one row per stay), every page of 300. Empty when only one person attended.</summary>
    Task<IReadOnlyList<ZoomPastParticipant>> ListPastParticipantsAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default);

    /// <summary>The ended instances of a meeting started more than once.</summary>
    Task<IReadOnlyList<ZoomPastInstance>> ListPastInstancesAsync(ZoomTarget target, long meetingId, CancellationToken ct = default);

    /// <summary>The meeting's <c>status</c> ("waiting", "started"); null when the meeting is gone (3001).</summary>
    Task<string?> GetMeetingStatusAsync(ZoomTarget target, long meetingId, CancellationToken ct = default);
}

public sealed record ZoomPastMeeting(long Id, string Uuid, DateTimeOffset? StartTime, DateTimeOffset? EndTime, int ParticipantsCount, string? HostId);

/// <param name="Id">The participant's Zoom user id when they signed in to Zoom, else empty.</param>
/// <param name="UserId">The participant's id inside the meeting.</param>
public sealed record ZoomPastParticipant(string? Id, string Name, string? UserId, string? Email, DateTimeOffset? JoinTime, DateTimeOffset? LeaveTime);

public sealed record ZoomPastInstance(string Uuid, DateTimeOffset? StartTime);
