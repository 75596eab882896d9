using System.Globalization;
using System.Text;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;

namespace Portal.Core.Features.Audit;

/// <summary>Puts an audit entry into words for people: who did what to which thing, and what changed.</summary>
public static class AuditSentence
{
    private const int MaxValueLength = 120;

    // {0} is the target in words.
    private static readonly Dictionary<string, string> s_verbs = new(StringComparer.Ordinal)
    {
        [StaffAuditActions.Created] = "added {0} to the roster",
        [StaffAuditActions.Updated] = "changed {0}",
        [StaffAuditActions.Imported] = "imported {0} from a CSV file",
        [StaffAuditActions.DemoSeeded] = "filled {0} with demo members",
        [StaffAuditActions.Invited] = "invited {0} to Zoom",
        [StaffAuditActions.InviteRefused] = "could not invite {0} to Zoom",
        [StaffAuditActions.InviteFailed] = "could not invite {0} to Zoom",
        [StaffAuditActions.LicenceAssigned] = "assigned a Zoom licence to {0}",
        [StaffAuditActions.AssignLicenceRefused] = "could not assign a Zoom licence to {0}",
        [StaffAuditActions.AssignLicenceFailed] = "could not assign a Zoom licence to {0}",
        [StaffAuditActions.Rechecked] = "re-checked {0} in Zoom",
        [StaffAuditActions.RecheckRefused] = "could not re-check {0} in Zoom",
        [StaffAuditActions.RecheckFailed] = "could not re-check {0} in Zoom",
        [StaffAuditActions.ZoomSettingsFixed] = "fixed the Zoom settings of {0}",
        [StaffAuditActions.FixZoomSettingsFailed] = "could not fix the Zoom settings of {0}",
        [StaffAuditActions.LicenceReclaimed] = "took the Zoom licence back from {0}",
        [StaffAuditActions.LicenceReclaimFailed] = "could not take the Zoom licence back from {0}",
        [StaffAuditActions.StatusChanged] = "changed the Zoom mapping of {0}",
        [StaffAuditActions.SyncFailed] = "started a staff sync of {0} that failed",
        [StaffAuditActions.SignInBound] = "bound their sign-in to {0}",
        [StaffAuditActions.SignInBindingRefused] = "was refused binding their sign-in to {0}",
        [StaffAuditActions.MappingStatusChanged] = "changed the Zoom mapping of {0}",
        [SessionAuditActions.Scheduled] = "scheduled {0}",
        [SessionAuditActions.ScheduleRefused] = "could not schedule a session for {0}",
        [SessionAuditActions.ScheduleRolledBack] = "could not save a session for {0}; its Zoom meeting was undone",
        [SessionAuditActions.Started] = "started {0}",
        [SessionAuditActions.StartRefused] = "was refused starting {0}",
        [SessionAuditActions.JoinLinkIssued] = "issued a new link for {0} (the old one stopped working)",
        [SessionAuditActions.JoinLinkUsed] = "clicked Join now on the client page of {0}",
        [SessionAuditActions.Rescheduled] = "rescheduled {0}",
        [SessionAuditActions.Cancelled] = "cancelled {0}",
        [SessionAuditActions.HostChanged] = "gave {0} another host",
        [SessionAuditActions.OldMeetingNotDeleted] = "could not delete the old Zoom meeting of {0}",
        [SessionAuditActions.HostChecked] = "checked the host of {0}",
        [SessionAuditActions.DeletedInZoom] = "found {0} deleted in Zoom",
        [SessionAuditActions.UpdatedInZoom] = "found {0} changed in Zoom",
        [SessionRecordingAuditActions.Tied] = "found the recording of {0}",
        [SessionRecordingAuditActions.Published] = "published the recording of {0} to its client",
        [SessionRecordingAuditActions.Unpublished] = "took the recording of {0} away from its client",
        [SessionRecordingAuditActions.GoneInZoom] = "found the recording of {0} deleted in Zoom",
        [SessionRecordingAuditActions.RecoveredInZoom] = "found the recording of {0} recovered in Zoom",
        [SessionRecordingAuditActions.Streamed] = "played the published recording of {0}",
        [SessionRecordingAuditActions.AutoPublishChanged] = "changed automatic recording publishing of {0}",
        [ConnectionAuditActions.Created] = "connected {0}",
        [ConnectionAuditActions.CredentialsReplaced] = "replaced the credentials of {0}",
        [ConnectionAuditActions.Verified] = "verified {0}",
        [ConnectionAuditActions.Renamed] = "renamed {0}",
        [ConnectionAuditActions.SecretRotationRefused] = "could not rotate the client secret of {0}",
        [ConnectionAuditActions.SecretRotated] = "rotated the client secret of {0}",
        [ConnectionAuditActions.Deleted] = "deleted {0}",
        [ConnectionAuditActions.LinkStarted] = "started {0}",
        [ConnectionAuditActions.LinkFailed] = "could not complete {0}",
        [ConnectionAuditActions.Linked] = "linked {0}",
        [ConnectionAuditActions.Relinked] = "linked {0} again",
        [ConnectionAuditActions.Unlinked] = "unlinked {0}",
        [ConnectionAuditActions.LinkRefreshed] = "renewed the Zoom tokens of {0}",
        [ConnectionAuditActions.LinkRefreshFailed] = "could not renew the Zoom tokens of {0}",
        [ConnectionAuditActions.Provisioned] = "provisioned {0} from configuration",
        [ConnectionAuditActions.ConfigurationUpdated] = "updated {0} from configuration",
        [ConnectionAuditActions.DisabledByConfiguration] = "disabled {0}, which configuration no longer lists",
        [ConnectionAuditActions.Deauthorized] = "recorded that Zoom removed the app of {0}",
        [RecordingAuditActions.DeletedToTrash] = "moved {0} to the trash",
        [RecordingAuditActions.DeletedPermanently] = "deleted {0} permanently",
        [RecordingAuditActions.Recovered] = "recovered {0} from the trash",
        [RecordingAuditActions.FileOpened] = "opened a file of {0}",
        [RecordingAuditActions.CleanupDeletedToTrash] = "moved {0} to the trash",
        [RecordingAuditActions.CleanupDeletedPermanently] = "deleted {0} permanently",
        [RecordingAuditActions.ShareCreated] = "created {0}",
        [RecordingAuditActions.ShareRevoked] = "revoked {0}",
        [RecordingAuditActions.ShareViewed] = "opened {0}",
        [RecordingAuditActions.ShareStreamed] = "played {0}",
        [UsageAuditActions.Refresh] = "refreshed the usage figures of {0}",
        [JobAuditActions.RunNow] = "ran {0} now",
    };

    public static string Describe(AuditEntry entry)
    {
        var target = TargetInWords(entry);
        var what = s_verbs.TryGetValue(entry.Action, out var verb)
            ? string.Format(CultureInfo.InvariantCulture, verb, target)
            : $"did “{entry.Action}” to {target}";
        var sentence = new StringBuilder($"{entry.Actor} {what}");
        var details = entry.Changes.Count > 0
            ? entry.Changes.Select(FieldInWords)
            : new[] { entry.OldValue is null ? null : $"before {Shorten(entry.OldValue)}", entry.NewValue is null ? null : $"after {Shorten(entry.NewValue)}" }
                .OfType<string>();
        var list = string.Join("; ", details);
        if (list.Length > 0)
        {
            sentence.Append(": ").Append(list);
        }
        return sentence.ToString();
    }

    /// <summary>The target as a phrase ("staff member ann@school.edu", "session “Essay review”"); an entry from before 2026-12 as stored.</summary>
    public static string TargetInWords(AuditEntry entry)
    {
        var name = string.IsNullOrWhiteSpace(entry.TargetName) ? null : entry.TargetName;
        return entry.TargetKind switch
        {
            AuditTargetKinds.Staff => $"staff member {name ?? "#" + entry.TargetId}",
            AuditTargetKinds.Session => name is null ? $"session #{entry.TargetId}" : $"session “{name}”",
            AuditTargetKinds.Connection => name is null ? $"connection #{entry.TargetId}" : $"connection “{name}”",
            AuditTargetKinds.Recording => name is null ? "a recording" : $"recording “{name}”",
            AuditTargetKinds.RecordingShare => name is null ? $"share link #{entry.TargetId}" : $"the share link of “{name}”",
            AuditTargetKinds.ZoomUser => $"Zoom user {name ?? entry.TargetId}",
            AuditTargetKinds.Roster => name is null ? "the staff roster" : $"the staff roster of “{name}”",
            AuditTargetKinds.ZoomLink => "a Zoom account link",
            AuditTargetKinds.RecordingCleanup => "recordings in a clean-up",
            AuditTargetKinds.Job => name is null ? $"the job {entry.TargetId}" : $"the job {entry.TargetId} for “{name}”",
            _ => $"“{entry.Target}”",
        };
    }

    private static string FieldInWords(AuditChange change) => (change.Before, change.After) switch
    {
        (null, var after) => $"{FieldName(change.Field)} {Value(after)}",
        (var before, null) => $"{FieldName(change.Field)} was {Value(before)}",
        var (before, after) => $"{FieldName(change.Field)} {Value(before)} → {Value(after)}",
    };

    /// <summary>"ZoomMeetingId" → "Zoom meeting ID", "cloudRecording" → "Cloud recording".</summary>
    public static string FieldName(string field)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            var startsWord = char.IsUpper(c) && word.Length > 0 && (!char.IsUpper(field[i - 1]) || (i + 1 < field.Length && char.IsLower(field[i + 1])));
            if (startsWord || c is '_' or ' ')
            {
                words.Add(word.ToString());
                word.Clear();
            }
            if (c is not '_' and not ' ')
            {
                word.Append(c);
            }
        }
        words.Add(word.ToString());
        var name = string.Join(' ', words.Where(w => w.Length > 0).Select(w => w.ToLowerInvariant() switch
        {
            "zoom" => "Zoom",
            "id" => "ID",
            _ when w.Length > 1 && w.All(char.IsUpper) => w,
            var lower => lower,
        }));
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static string Value(string? value) => value switch
    {
        null or "" => "none",
        "true" => "yes",
        "false" => "no",
        _ when LooksLikeTime(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            => at.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture),
        _ => Shorten(value),
    };

    private static bool LooksLikeTime(string value) => value.Length >= 19 && char.IsDigit(value[0]) && value[4] == '-' && value[10] == 'T';

    private static string Shorten(string value) => value.Length <= MaxValueLength ? value : value[..(MaxValueLength - 1)] + "…";
}
