namespace Portal.Core.Features.Staff;

/// <summary>The audit action names of the staff roster and its Zoom mapping; stored in the audit log, so a value never changes.</summary>
public static class StaffAuditActions
{
    public const string Created = "staff.created";
    public const string Updated = "staff.updated";
    public const string Imported = "staff.imported";
    public const string DemoSeeded = "staff.demo-seeded";
    public const string Invited = "staff.invited";
    public const string InviteRefused = "staff.invite-refused";
    public const string InviteFailed = "staff.invite-failed";
    public const string LicenceAssigned = "staff.licence-assigned";
    public const string AssignLicenceRefused = "staff.assign-a-licence-refused";
    public const string AssignLicenceFailed = "staff.assign-a-licence-failed";
    public const string Rechecked = "staff.rechecked";
    public const string RecheckRefused = "staff.re-check-refused";
    public const string RecheckFailed = "staff.re-check-failed";
    public const string ZoomSettingsFixed = "staff.zoom-settings-fixed";
    public const string FixZoomSettingsFailed = "staff.fix-Zoom-settings-failed";
    public const string LicenceReclaimed = "staff.licence-reclaimed";
    public const string LicenceReclaimFailed = "staff.licence-reclaim-failed";
    public const string StatusChanged = "staff.status-changed";
    public const string SyncFailed = "staff.sync-failed";
    public const string SignInBound = "staff.sign-in-bound";
    public const string SignInBindingRefused = "staff.sign-in-binding-refused";
    public const string MappingStatusChanged = "mapping.status-changed";
}
