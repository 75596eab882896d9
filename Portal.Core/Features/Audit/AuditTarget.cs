using System.Globalization;

namespace Portal.Core.Features.Audit;

/// <summary>
/// What an audit entry is about: a kind (one of <see cref="AuditTargetKinds"/>), the thing's id (a number, a Zoom uuid, or none)
/// and the name people know it by, as it was when the entry was written.
/// </summary>
public sealed record AuditTarget(string Kind, string? Id, string? Name)
{
    public static AuditTarget Staff(int id, string email) => new(AuditTargetKinds.Staff, Number(id), email);

    public static AuditTarget Session(long id, string topic) => new(AuditTargetKinds.Session, Number(id), topic);

    public static AuditTarget Connection(int id, string? name) => new(AuditTargetKinds.Connection, Number(id), name);

    public static AuditTarget Recording(string meetingUuid, string? topic) => new(AuditTargetKinds.Recording, meetingUuid, topic);

    public static AuditTarget RecordingShare(long id, string? topic) => new(AuditTargetKinds.RecordingShare, Number(id), topic);

    public static AuditTarget ZoomUser(string zoomUserId, string email) => new(AuditTargetKinds.ZoomUser, zoomUserId, email);

    /// <summary>The staff roster (a CSV import), or the part of it on one connection (demo seeding).</summary>
    public static AuditTarget Roster(int? connectionId = null, string? connectionName = null) =>
        new(AuditTargetKinds.Roster, connectionId is { } id ? Number(id) : null, connectionName);

    /// <summary>A "Link a Zoom account" attempt, before it has a connection.</summary>
    public static AuditTarget ZoomLink() => new(AuditTargetKinds.ZoomLink, null, null);

    /// <summary>One run of the recordings clean-up, over many recordings.</summary>
    public static AuditTarget RecordingCleanup() => new(AuditTargetKinds.RecordingCleanup, null, null);

    /// <summary>A background job, on one connection or on all.</summary>
    public static AuditTarget Job(string jobName, string? connectionName) => new(AuditTargetKinds.Job, jobName, connectionName);

    /// <summary>A person's e-mail preferences (their notification recipient row).</summary>
    public static AuditTarget Recipient(int id, string email) => new(AuditTargetKinds.Recipient, Number(id), email);

    /// <summary>A message of the outbox ("subject to address"), or a test e-mail (no id, the address).</summary>
    public static AuditTarget Email(long? id, string description) => new(AuditTargetKinds.Email, id is { } n ? Number(n) : null, description);

    /// <summary>The searchable one-line form kept in the Target column: "staff:42 ann@school.edu", as entries always had.</summary>
    public string Text => (Id is null ? Kind : $"{Kind}:{Id}") + (string.IsNullOrEmpty(Name) ? "" : " " + Name);

    private static string Number(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The kinds of audit targets; stored in the audit log, so a value never changes.</summary>
public static class AuditTargetKinds
{
    public const string Staff = "staff";
    public const string Session = "session";
    public const string Connection = "connection";
    public const string Recording = "recording";
    public const string RecordingShare = "recording-share";
    public const string ZoomUser = "zoom-user";
    public const string Roster = "roster";
    public const string ZoomLink = "zoom-link";
    public const string RecordingCleanup = "recording-cleanup";
    public const string Job = "job";
    public const string Recipient = "recipient";
    public const string Email = "email";
}
