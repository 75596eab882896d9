using Portal.Core.Features.Staff;

namespace Portal.Core.Features.Sessions;

public enum SessionState
{
    Scheduled = 0,
    Cancelled = 1,
    DeletedInZoom = 2,
}

public sealed class Session
{
    public long Id { get; set; }
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
    public int ConnectionId { get; set; }
    public required string ClientName { get; set; }
    public required string ClientEmail { get; set; }
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>StartsAt + DurationMinutes, stored so lists and overlap checks can filter in SQL.</summary>
    public DateTimeOffset EndsAt { get; set; }
    public required string TimeZone { get; set; }
    public int DurationMinutes { get; set; }
    public required string Topic { get; set; }
    public string? Notes { get; set; }
    public long ZoomMeetingId { get; set; }
    public string? ZoomHostUserId { get; set; }
    public string? JoinUrl { get; set; }

    /// <summary>SHA-256 of the client's join token: how a link that is opened finds its session.</summary>
    public required string JoinTokenHash { get; set; }

    /// <summary>The same token encrypted with Data Protection, so staff can copy the link again; null for links made before it was kept.</summary>
    public string? JoinTokenProtected { get; set; }

    public DateTimeOffset JoinTokenExpiresAt { get; set; }

    /// <summary>Until when the session's recording is shown on the client's page; null when it was never published (unpublishing sets it to that moment).</summary>
    public DateTimeOffset? RecordingPublishedUntil { get; set; }

    /// <summary>When the host last opened the meeting (the portal gave them a start link); the client's page says the host has started.</summary>
    public DateTimeOffset? HostStartedAt { get; set; }

    /// <summary>The start time before the last reschedule, so the client's page can say the session moved.</summary>
    public DateTimeOffset? MovedFrom { get; set; }
    public SessionState State { get; set; }
    public string? HostWarning { get; set; }
    public DateTimeOffset? HostCheckedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The client's page (the link) answers until then: the join window, or longer while a recording is published on it.</summary>
    public DateTimeOffset ClientPageValidUntil =>
        RecordingPublishedUntil is { } published && published > JoinTokenExpiresAt ? published : JoinTokenExpiresAt;
}

/// <summary>The client clicked "Join now" on the session's page (the portal's own record that the client tried to join).</summary>
public sealed class SessionJoinClick
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public DateTimeOffset ClickedAt { get; set; }
}
