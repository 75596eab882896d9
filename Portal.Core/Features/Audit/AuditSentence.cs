using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Outcomes;
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
        [OutcomeAuditActions.Corrected] = "corrected the outcome of {0}",
        [OutcomeAuditActions.ParticipantAssigned] = "matched a participant of {0}",
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
        [NotificationPreferenceAuditActions.Saved] = "saved {0}",
        [EmailAuditActions.Resent] = "sent {0} again",
        [EmailAuditActions.TestSent] = "sent {0}",
    };

    public static string Describe(AuditEntry entry) => Words(entry).Sentence;

    /// <summary>The sentence in its parts, so the page can link the actor and the target.</summary>
    public static AuditWords Words(AuditEntry entry)
    {
        var target = TargetOf(entry);
        var phrase = TargetInWords(target, entry.Target);
        var verb = s_verbs.TryGetValue(entry.Action, out var known) ? known : $"did “{ActionLabel(entry.Action)}” to {{0}}";
        var at = verb.IndexOf("{0}", StringComparison.Ordinal);
        var details = entry.Changes.Count > 0
            ? entry.Changes.Select(FieldInWords)
            : LegacyDetails(entry.OldValue, entry.NewValue);
        return new AuditWords(entry.Actor, verb[..at], phrase, verb[(at + 3)..], string.Join("; ", details), target);
    }

    /// <summary>
    /// The entry's target; an entry from before 2026-12 has only the one-line form ("staff:42 ann@school.edu"), which is read back
    /// into its kind, id and name when it starts with a known kind.
    /// </summary>
    public static AuditTarget TargetOf(AuditEntry entry)
    {
        if (entry.TargetKind is not null)
        {
            return new AuditTarget(entry.TargetKind, entry.TargetId, entry.TargetName);
        }
        var space = entry.Target.IndexOf(' ', StringComparison.Ordinal);
        var key = space < 0 ? entry.Target : entry.Target[..space];
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? key : key[..colon];
        if (!s_kinds.Contains(kind) || (colon < 0 && space >= 0 && !s_kindsWithoutId.Contains(kind)))
        {
            return new AuditTarget("", null, entry.Target);
        }
        return new AuditTarget(kind, colon < 0 ? null : key[(colon + 1)..], space < 0 ? null : entry.Target[(space + 1)..]);
    }

    /// <summary>An action code in words, for the filter: staff.licence-assigned → "Staff: licence assigned".</summary>
    public static string ActionLabel(string action)
    {
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        var area = dot < 0 ? "" : action[..dot];
        var what = (dot < 0 ? action : action[(dot + 1)..]).Replace('-', ' ').Replace('_', ' ');
        what = what.Replace("zoom", "Zoom", StringComparison.Ordinal);
        return area.Length == 0 ? what : $"{char.ToUpperInvariant(area[0])}{area[1..].Replace('-', ' ')}: {what}";
    }

    private static readonly HashSet<string> s_kinds = [AuditTargetKinds.Staff, AuditTargetKinds.Session, AuditTargetKinds.Connection,
        AuditTargetKinds.Recording, AuditTargetKinds.RecordingShare, AuditTargetKinds.ZoomUser, AuditTargetKinds.Roster, AuditTargetKinds.ZoomLink,
        AuditTargetKinds.RecordingCleanup, AuditTargetKinds.Job, AuditTargetKinds.Recipient, AuditTargetKinds.Email];

    private static readonly HashSet<string> s_kindsWithoutId = [AuditTargetKinds.Roster, AuditTargetKinds.ZoomLink, AuditTargetKinds.RecordingCleanup];

    /// <summary>Values stored before 2026-12: JSON objects read as their fields, other text as it is.</summary>
    private static IEnumerable<string> LegacyDetails(string? oldValue, string? newValue)
    {
        var before = JsonObject(oldValue);
        var after = JsonObject(newValue);
        if ((before is not null || oldValue is null) && (after is not null || newValue is null) && (before ?? after) is not null)
        {
            return AuditChange.Between(before, after).Select(FieldInWords);
        }
        return new[] { oldValue is null ? null : $"before {Value(oldValue)}", newValue is null ? null : $"after {Value(newValue)}" }.OfType<string>();
    }

    private static JsonElement? JsonObject(string? value)
    {
        if (value is null || !value.TrimStart().StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(value);
            return json.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The target as a phrase ("staff member ann@school.edu", "session “Essay review”").</summary>
    public static string TargetInWords(AuditEntry entry) => TargetInWords(TargetOf(entry), entry.Target);

    private static string TargetInWords(AuditTarget target, string stored)
    {
        var name = string.IsNullOrWhiteSpace(target.Name) ? null : target.Name;
        return target.Kind switch
        {
            AuditTargetKinds.Staff => $"staff member {name ?? "#" + target.Id}",
            AuditTargetKinds.Session => name is null ? $"session #{target.Id}" : $"session “{name}”",
            AuditTargetKinds.Connection => name is null ? $"connection #{target.Id}" : $"connection “{name}”",
            AuditTargetKinds.Recording => name is null ? "a recording" : $"recording “{name}”",
            AuditTargetKinds.RecordingShare => name is null ? $"share link #{target.Id}" : $"the share link of “{name}”",
            AuditTargetKinds.ZoomUser => $"Zoom user {name ?? target.Id}",
            AuditTargetKinds.Roster => name is null ? "the staff roster" : $"the staff roster of “{name}”",
            AuditTargetKinds.ZoomLink => "a Zoom account link",
            AuditTargetKinds.RecordingCleanup => "recordings in a clean-up",
            AuditTargetKinds.Recipient => $"the e-mail preferences of {name ?? "#" + target.Id}",
            AuditTargetKinds.Email => target.Id is null ? $"a test e-mail to {name}" : $"the e-mail “{name}”",
            AuditTargetKinds.Job => name is null ? $"the job {target.Id}" : $"the job {target.Id} for “{name}”",
            _ => $"“{stored}”",
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
        _ when value.StartsWith('{') || value.StartsWith('[') => Shorten(JsonInWords(value)),
        _ => Shorten(value),
    };

    /// <summary>A value that is itself JSON (an object or a list) as "Field value, Field value", never as raw JSON.</summary>
    private static string JsonInWords(string value)
    {
        try
        {
            using var json = JsonDocument.Parse(value);
            return ElementInWords(json.RootElement);
        }
        catch (JsonException)
        {
            return value;
        }
    }

    private static string ElementInWords(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => string.Join(", ", e.EnumerateObject().Select(p => $"{FieldName(p.Name)} {ElementInWords(p.Value)}")),
        JsonValueKind.Array => string.Join(", ", e.EnumerateArray().Select(ElementInWords)),
        JsonValueKind.Null or JsonValueKind.Undefined => "none",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.String => e.GetString() ?? "",
        _ => e.GetRawText(),
    };

    private static bool LooksLikeTime(string value) => value.Length >= 19 && char.IsDigit(value[0]) && value[4] == '-' && value[10] == 'T';

    private static string Shorten(string value) => value.Length <= MaxValueLength ? value : value[..(MaxValueLength - 1)] + "…";
}

/// <summary>An audit sentence in parts: <c>{Actor} {Lead}{Target}{Tail}: {Details}</c>.</summary>
public sealed record AuditWords(string Actor, string Lead, string Target, string Tail, string Details, AuditTarget TargetOf)
{
    public string Sentence => $"{Actor} {Lead}{Target}{Tail}" + (Details.Length > 0 ? ": " + Details : "");
}
