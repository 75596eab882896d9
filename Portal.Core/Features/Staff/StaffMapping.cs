namespace Portal.Core.Features.Staff;

public enum MappingStatus
{
    Ready = 0,
    Basic = 1,
    CannotHost = 2,
    Pending = 3,
    Deactivated = 4,
    NotInZoom = 5,
    InAnotherAccount = 6,
    Conflict = 7,
    NotChecked = 8,
}

public sealed class StaffMapping
{
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
    public MappingStatus Status { get; set; } = MappingStatus.NotChecked;
    public string Reason { get; set; } = "";
    public string? ZoomUserId { get; set; }
    public string? ZoomEmail { get; set; }
    public int? ZoomUserType { get; set; }
    public string? ZoomStatus { get; set; }
    public DateTimeOffset? ZoomLastLoginAt { get; set; }
    public int? ConnectionId { get; set; }
    public long? SyncRunId { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
}
