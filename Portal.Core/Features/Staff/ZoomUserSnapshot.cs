namespace Portal.Core.Features.Staff;

/// <summary>One user of a connection's Zoom account as of the last sync. Pending users may have no id.</summary>
public sealed class ZoomUserSnapshot
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public string? ZoomUserId { get; set; }
    public required string Email { get; set; }
    public required string NormalizedEmail { get; set; }
    public string DisplayName { get; set; } = "";
    public int Type { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public long SyncRunId { get; set; }

    /// <summary>The staff member this user was matched to; null = not on the roster.</summary>
    public int? StaffMemberId { get; set; }
}
