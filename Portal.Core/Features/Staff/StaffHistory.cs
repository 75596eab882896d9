namespace Portal.Core.Features.Staff;

public enum StaffHistoryKind
{
    StatusChange = 0,
    Action = 1,
    RosterChange = 2,
}

/// <summary>One line of a member's history: a status change, an action taken, or a roster edit.</summary>
public sealed class StaffHistory
{
    public long Id { get; set; }
    public int StaffMemberId { get; set; }
    public DateTimeOffset At { get; set; }
    public StaffHistoryKind Kind { get; set; }
    public required string Actor { get; set; }
    public required string Summary { get; set; }
    public MappingStatus? OldStatus { get; set; }
    public MappingStatus? NewStatus { get; set; }
}
