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

/// <summary>The fix the portal offers for a mapping status.</summary>
public enum MappingFix
{
    None = 0,
    Invite = 1,
    AssignLicence = 2,
    Recheck = 3,
    ResolveConflict = 4,
    ChangeConnection = 5,
    ReactivateInZoom = 6,
    Sync = 7,
}

public sealed class StaffMapping
{
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
    public MappingStatus Status { get; set; } = MappingStatus.NotChecked;
    public string Reason { get; set; } = "";
    public MappingFix Fix { get; set; }
    public string? ZoomUserId { get; set; }
    public string? ZoomEmail { get; set; }
    public int? ZoomUserType { get; set; }
    public string? ZoomStatus { get; set; }
    public DateTimeOffset? ZoomLastLoginAt { get; set; }
    public int? ConnectionId { get; set; }
    public long? SyncRunId { get; set; }
    public DateTimeOffset CheckedAt { get; set; }

    /// <summary>The member's e-mail, aliases or connection changed: what was found in Zoom no longer says anything.</summary>
    public void MarkIdentityChanged()
    {
        Status = MappingStatus.NotChecked;
        Reason = "Changed since the last check: re-check or sync.";
        Fix = MappingFix.Recheck;
    }
}
