using Portal.Core.Identity;

namespace Portal.Core.Features.Notifications;

/// <summary>Every kind of e-mail the portal sends; stored by name, so add new kinds anywhere but never rename one.</summary>
public enum NotificationKind
{
    // Administrators
    ConnectionProblem,
    StaffSyncFailed,
    KeysUnprotected,

    // Directors (administrators when they choose)
    StorageThreshold,
    LicencesRunningOut,
    HostCannotHost,
    NoShow,

    // Teachers
    TeacherRecordingReady,
    TeacherSessionScheduled,
    TeacherSessionChanged,

    // Clients (the e-mail address on the session)
    ClientSessionLink,
    ClientReminder,
    ClientSessionChanged,
    ClientRecordingPublished,

    // The portal itself
    Digest,
    TestMessage,
}

/// <summary>How a person wants one kind of message.</summary>
public enum NotificationDelivery
{
    Immediately,
    InDigest,
    Off,
}

public enum DigestFrequency
{
    Daily,
    Weekly,
}

/// <summary>Who each kind is for, what it is called on the preferences page and its default per role.</summary>
public static class NotificationKinds
{
    public static readonly IReadOnlyList<NotificationKind> ForAdministrators =
        [NotificationKind.ConnectionProblem, NotificationKind.StaffSyncFailed, NotificationKind.KeysUnprotected];

    public static readonly IReadOnlyList<NotificationKind> ForDirectors =
        [NotificationKind.StorageThreshold, NotificationKind.LicencesRunningOut, NotificationKind.HostCannotHost, NotificationKind.NoShow];

    public static readonly IReadOnlyList<NotificationKind> ForTeachers =
        [NotificationKind.TeacherRecordingReady, NotificationKind.TeacherSessionScheduled, NotificationKind.TeacherSessionChanged];

    public static readonly IReadOnlyList<NotificationKind> ForClients =
        [NotificationKind.ClientSessionLink, NotificationKind.ClientReminder, NotificationKind.ClientSessionChanged, NotificationKind.ClientRecordingPublished];

    /// <summary>The role whose people receive the kind by default (administrators may also choose the directors' kinds).</summary>
    public static string? RoleFor(NotificationKind kind) =>
        ForAdministrators.Contains(kind) ? Roles.Admin
        : ForDirectors.Contains(kind) ? Roles.Director
        : ForTeachers.Contains(kind) ? Roles.Teacher
        : null;

    /// <summary>The kinds a person with these roles may choose on the preferences page.</summary>
    public static IReadOnlyList<NotificationKind> ChoosableBy(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet();
        var kinds = new List<NotificationKind>();
        if (set.Contains(Roles.Admin))
        {
            kinds.AddRange(ForAdministrators);
        }
        if (set.Contains(Roles.Admin) || set.Contains(Roles.Director))
        {
            kinds.AddRange(ForDirectors);
        }
        if (set.Contains(Roles.Teacher) || set.Contains(Roles.Director))
        {
            kinds.AddRange(ForTeachers);
        }
        return kinds;
    }

    /// <summary>Sensible defaults: each role hears about its own kinds at once; administrators' copies of directors' kinds are off.</summary>
    public static NotificationDelivery DefaultFor(NotificationKind kind, IEnumerable<string> roles)
    {
        var set = roles.ToHashSet();
        var role = RoleFor(kind);
        if (role == Roles.Director)
        {
            return set.Contains(Roles.Director) ? NotificationDelivery.Immediately : NotificationDelivery.Off;
        }
        return role is not null && (set.Contains(role) || (role == Roles.Teacher && set.Contains(Roles.Director)))
            ? NotificationDelivery.Immediately
            : NotificationDelivery.Off;
    }

    public static string Describe(NotificationKind kind) => kind switch
    {
        NotificationKind.ConnectionProblem => "A Zoom connection fails or loses permissions",
        NotificationKind.StaffSyncFailed => "The staff sync fails",
        NotificationKind.KeysUnprotected => "The portal's encryption keys are not protected",
        NotificationKind.StorageThreshold => "Cloud recording storage reaches a warning level or will soon be full",
        NotificationKind.LicencesRunningOut => "Zoom licences are running out",
        NotificationKind.HostCannotHost => "A host of an upcoming session cannot host",
        NotificationKind.NoShow => "A session ended as a no-show",
        NotificationKind.TeacherRecordingReady => "A recording of my session is ready",
        NotificationKind.TeacherSessionScheduled => "A session was scheduled for me",
        NotificationKind.TeacherSessionChanged => "A session of mine was moved or cancelled",
        NotificationKind.ClientSessionLink => "The client's session link",
        NotificationKind.ClientReminder => "The client's reminder before the session",
        NotificationKind.ClientSessionChanged => "The client hears the session moved or was cancelled",
        NotificationKind.ClientRecordingPublished => "The client hears the recording is published",
        NotificationKind.Digest => "Digest",
        NotificationKind.TestMessage => "Test e-mail",
        _ => kind.ToString(),
    };
}
