namespace Portal.Core.Zoom;

/// <summary>Scheduled Zoom meetings (the sessions' side of Zoom). Errors surface as the Zoom exceptions.</summary>
public interface IZoomMeetings
{
    Task<ZoomMeeting> CreateMeetingAsync(ZoomTarget target, string hostUserId, ZoomMeetingRequest request, CancellationToken ct = default);

    /// <summary>The meeting with a fresh start_url; null on 3001 (deleted or expired).</summary>
    Task<ZoomMeeting?> GetMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default);

    Task UpdateMeetingAsync(ZoomTarget target, long meetingId, ZoomMeetingUpdate update, CancellationToken ct = default);

    /// <summary>Deletes a meeting; false when it was already gone.</summary>
    Task<bool> DeleteMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default);

    /// <summary>A host's upcoming scheduled meetings (to find a meeting whose create timed out).</summary>
    Task<IReadOnlyList<ZoomMeeting>> ListUpcomingMeetingsAsync(ZoomTarget target, string hostUserId, CancellationToken ct = default);
}
