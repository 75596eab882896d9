namespace Portal.ZoomSandbox;

/// <summary>Zoom's rate-limit categories as its rate-limits page names them (the sandbox models Light, Medium and Heavy).</summary>
public enum SandboxRateCategory
{
    Light = 0,
    Medium = 1,
    Heavy = 2,
}

internal enum AppKind
{
    ServerToServer,
    OAuth,
}

internal sealed record SandboxApp(string ClientId, string ClientSecret, AppKind Kind, string? AccountId, IReadOnlySet<string> Scopes);

internal sealed class SandboxUser
{
    public string? Id { get; set; }
    public required string Email { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public int Type { get; set; } = 1;
    public string Status { get; set; } = "active";
    public required string AccountId { get; init; }
    public string RoleId { get; set; } = "2";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastLoginTime { get; set; }
    public string Timezone { get; set; } = "America/New_York";
    public long Pmi { get; set; }
    public string Dept { get; set; } = "";
    public bool CloudRecording { get; set; } = true;
    public bool WaitingRoom { get; set; }
    public string AutoRecording { get; set; } = "none";
    public bool HostVideo { get; set; } = true;
    public bool JoinBeforeHost { get; set; }

    public string DisplayName => $"{FirstName} {LastName}".Trim();
}

internal sealed class SandboxAccount
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string OwnerEmail { get; set; }
    public List<SandboxUser> Users { get; } = [];
    public Dictionary<string, SandboxUser> ById { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SandboxUser> ByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);
    public int PlanBaseHosts { get; set; }
    public int ZoomOneHosts { get; set; }
    public int UnitedHosts { get; set; }
    public long PlanStorageBytes { get; set; }
    public long FreeStorageBytes { get; set; }
    public int Version { get; set; }

    public int LicencesPurchased => PlanBaseHosts + ZoomOneHosts + UnitedHosts;

    public void Add(SandboxUser user)
    {
        Users.Add(user);
        ByEmail[user.Email] = user;
        if (user.Id is not null)
        {
            ById[user.Id] = user;
        }
        Version++;
    }
}

internal sealed class SandboxRecordingFile
{
    public required string Id { get; init; }
    public required string FileType { get; init; }
    public required string FileExtension { get; init; }
    public required long FileSize { get; init; }
    public required DateTimeOffset RecordingStart { get; init; }
    public required DateTimeOffset RecordingEnd { get; init; }
    public string? RecordingType { get; init; }

    /// <summary>The file's bytes when they are real media (recordings made for sessions); otherwise generated.</summary>
    public byte[]? Content { get; init; }
    public bool Trashed { get; set; }
    public DateTimeOffset? TrashedAt { get; set; }
    public bool Deleted { get; set; }
}

internal sealed class SandboxRecordingMeeting
{
    public required string Uuid { get; init; }
    public required long MeetingId { get; init; }
    public required string HostId { get; init; }
    public required string AccountId { get; init; }
    public required string Topic { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public required int Duration { get; init; }
    public int Type { get; init; } = 8;
    public required string Password { get; init; }
    public List<SandboxRecordingFile> Files { get; } = [];

    public IEnumerable<SandboxRecordingFile> Live => Files.Where(f => !f.Deleted && !f.Trashed);
    public IEnumerable<SandboxRecordingFile> InTrash => Files.Where(f => !f.Deleted && f.Trashed);
}

internal sealed class SandboxMeeting
{
    public required long Id { get; init; }
    public required string Uuid { get; init; }
    public required string AccountId { get; init; }
    public required string HostId { get; set; }
    public required string HostEmail { get; set; }
    public string Topic { get; set; } = "";
    public int Type { get; set; } = 2;
    public DateTimeOffset? StartTime { get; set; }
    public int Duration { get; set; } = 60;
    public string Timezone { get; set; } = "UTC";
    public string? Agenda { get; set; }
    public string Password { get; set; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public bool WaitingRoom { get; set; }
    public bool JoinBeforeHost { get; set; }
    public string AutoRecording { get; set; } = "none";
    public bool MeetingAuthentication { get; set; }

    /// <summary>The running instance, if the host started the meeting and has not ended it.</summary>
    public SandboxInstance? Live { get; set; }

    /// <summary>Ended instances, oldest first: what /past_meetings returns.</summary>
    public List<SandboxInstance> Past { get; } = [];

    /// <summary>People waiting for the host before the meeting started.</summary>
    public List<SandboxAttendee> Waiting { get; } = [];

    /// <summary>The UUID the next instance will have (the first instance has the meeting's own).</summary>
    public string? NextUuid { get; set; }
}

internal sealed class SandboxInstance
{
    public required string Uuid { get; init; }
    public required DateTimeOffset Start { get; init; }
    public DateTimeOffset? End { get; set; }
    public List<SandboxAttendee> Attendees { get; } = [];
}

/// <summary>One stay of one participant (a rejoin is a new stay with the same participant uuid).</summary>
internal sealed class SandboxAttendee
{
    public required string ParticipantUuid { get; init; }

    /// <summary>The Zoom user id when signed in to this account (the host), else empty.</summary>
    public string ZoomUserId { get; init; } = "";

    /// <summary>The participant's id inside the meeting.</summary>
    public required string MeetingUserId { get; init; }
    public required string Name { get; init; }
    public string Email { get; init; } = "";
    public DateTimeOffset Join { get; set; }
    public DateTimeOffset? Leave { get; set; }
}

internal sealed class SandboxToken
{
    public required string Value { get; init; }
    public required string ClientId { get; init; }
    public required string AccountId { get; init; }
    public required IReadOnlySet<string> Scopes { get; init; }
    public string? UserId { get; init; }
    public required DateTimeOffset ExpiresAt { get; set; }
    public bool Revoked { get; set; }
}

internal sealed class SandboxRefreshToken
{
    public required string Value { get; init; }
    public required string ClientId { get; init; }
    public required string AccountId { get; init; }
    public string? UserId { get; init; }
    public required IReadOnlySet<string> Scopes { get; init; }
    public bool Spent { get; set; }
}

internal sealed class SandboxAuthCode
{
    public required string Code { get; init; }
    public required string ClientId { get; init; }
    public required string RedirectUri { get; init; }
    public required string AccountId { get; init; }
    public string? CodeChallenge { get; init; }
    public string? CodeChallengeMethod { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public bool Used { get; set; }

    /// <summary>What the person approved: the app's scopes, or the user-level ones only.</summary>
    public IReadOnlySet<string>? Scopes { get; init; }
}

/// <summary>A revoke call the sandbox received.</summary>
public sealed record SandboxRevocation(string Token, string? ClientId, bool Known, DateTimeOffset At);

/// <summary>What a signed webhook delivery got back.</summary>
public sealed record SandboxWebhookResult(int StatusCode, string Body, string Signature, string Timestamp);

/// <summary>Where an account's event subscription delivers, and the secret token that signs its events.</summary>
public sealed record SandboxWebhookTarget(string Url, string SecretToken);

/// <summary>A meeting instance that just ended (for a recording hook: recording.completed is sent from here).</summary>
public sealed record SandboxMeetingEnded(string AccountId, long MeetingId, string Uuid, string HostId, DateTimeOffset Start, DateTimeOffset End);
