namespace Portal.Core.Features.Sessions;

/// <summary>The audit action names of sessions; stored in the audit log, so a value never changes.</summary>
public static class SessionAuditActions
{
    public const string Scheduled = "session.scheduled";
    public const string ScheduleRefused = "session.schedule-refused";
    public const string ScheduleRolledBack = "session.schedule-rolled-back";
    public const string Started = "session.started";
    public const string StartRefused = "session.start-refused";
    public const string JoinLinkIssued = "session.join-link-issued";
    public const string JoinLinkUsed = "session.join-link-used";
    public const string Rescheduled = "session.rescheduled";
    public const string Cancelled = "session.cancelled";
    public const string HostChanged = "session.host-changed";
    public const string OldMeetingNotDeleted = "session.old-meeting-not-deleted";
    public const string HostChecked = "session.host-checked";
    public const string DeletedInZoom = "session.deleted-in-zoom";
    public const string UpdatedInZoom = "session.updated-in-zoom";
}
