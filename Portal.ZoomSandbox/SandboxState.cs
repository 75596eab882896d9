using System.Security.Cryptography;
using System.Text;

namespace Portal.ZoomSandbox;

/// <summary>All sandbox data. Every read and write happens under <see cref="Gate"/>.</summary>
internal sealed class SandboxState
{
    public const string Account1 = "sandbox-account-1";
    public const string Account2 = "sandbox-account-2";

    /// <summary>A small account that no connection is configured for, for links made next to the others.</summary>
    public const string Account3 = "sandbox-account-3";
    public const string Domain = "writing.example.edu";
    public const string OAuthClientId = "sandbox-oauth-client";

    public static readonly string[] AllScopes =
    [
        "user:read:list_users:admin", "user:read:user:admin", "user:write:user:admin", "user:update:user:admin",
        "user:read:summary:admin", "user:read:settings:admin", "user:update:settings:admin",
        "billing:read:plan_usage:admin", "report:read:cloud_recording:admin",
        "cloud_recording:read:list_user_recordings:admin", "cloud_recording:read:list_recording_files:admin",
        "cloud_recording:delete:recording_file:admin", "cloud_recording:delete:meeting_recording:admin",
        "cloud_recording:update:recording_file:admin",
        "meeting:read:meeting:admin", "meeting:write:meeting:admin", "meeting:update:meeting:admin",
        "meeting:delete:meeting:admin", "meeting:read:list_meetings:admin",
        "meeting:read:past_meeting:admin", "meeting:read:list_past_participants:admin", "meeting:read:list_past_instances:admin",
    ];

    /// <summary>What a user-managed app gets: the same names without ":admin", covering only the user who approved ("me").</summary>
    public static readonly string[] UserLevelScopes =
    [
        "user:read:user", "user:read:settings", "user:update:settings",
        "cloud_recording:read:list_user_recordings", "cloud_recording:read:list_recording_files",
        "cloud_recording:delete:recording_file", "cloud_recording:delete:meeting_recording",
        "meeting:read:meeting", "meeting:write:meeting", "meeting:update:meeting", "meeting:delete:meeting",
        "meeting:read:list_meetings",
    ];

    public static bool IsAccountWide(string scope) =>
        scope.EndsWith(":admin", StringComparison.Ordinal) || scope.EndsWith(":master", StringComparison.Ordinal);

    public static readonly string[] RequiredScopes =
        ["user:read:list_users:admin", "user:read:user:admin", "meeting:read:meeting:admin", "meeting:write:meeting:admin"];

    public object Gate { get; } = new();

    public Dictionary<string, SandboxApp> Apps { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SandboxAccount> Accounts { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SandboxToken> Tokens { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SandboxRefreshToken> RefreshTokens { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SandboxAuthCode> Codes { get; } = new(StringComparer.Ordinal);
    public List<SandboxRecordingMeeting> Recordings { get; } = [];
    public Dictionary<string, (SandboxRecordingMeeting Meeting, SandboxRecordingFile File)> FilesById { get; } = new(StringComparer.Ordinal);
    public Dictionary<long, SandboxMeeting> Meetings { get; } = new();
    public Dictionary<(string HostId, DateOnly Day), int> MeetingWrites { get; } = new();
    public List<SandboxRevocation> Revocations { get; } = [];
    public Dictionary<(string Account, string Status), (int Version, List<SandboxUser> Users)> ListCache { get; } = [];
    public int TokenRequests { get; set; }
    public long NextMeetingId { get; set; } = 81_000_000_000;
    public int SeededUserCounter { get; set; }

    public DateTimeOffset SeedNow { get; private set; }

    public void Seed(DateTimeOffset now)
    {
        Apps.Clear();
        Accounts.Clear();
        Tokens.Clear();
        RefreshTokens.Clear();
        Codes.Clear();
        Recordings.Clear();
        FilesById.Clear();
        Meetings.Clear();
        MeetingWrites.Clear();
        Revocations.Clear();
        ListCache.Clear();
        TokenRequests = 0;
        NextMeetingId = 81_000_000_000;
        SeededUserCounter = 0;
        SeedNow = now;
        SandboxSeed.Populate(this, now);
    }

    public SandboxAccount? FindAccount(string accountId) => Accounts.GetValueOrDefault(accountId);

    /// <summary>By id, e-mail (case-insensitive) or, with a token, "me".</summary>
    public SandboxUser? FindUser(SandboxAccount account, string idOrEmail, SandboxToken? token = null)
    {
        if (string.Equals(idOrEmail, "me", StringComparison.OrdinalIgnoreCase))
        {
            var meId = token?.UserId;
            return meId is not null ? account.ById.GetValueOrDefault(meId) : account.ByEmail.GetValueOrDefault(account.OwnerEmail);
        }
        if (idOrEmail.Contains('@', StringComparison.Ordinal))
        {
            return account.ByEmail.GetValueOrDefault(idOrEmail);
        }
        return account.ById.GetValueOrDefault(idOrEmail);
    }

    public static string StableId(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string NewSecret(int bytes = 32) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public int LicencesInUse(SandboxAccount account) =>
        account.Users.Count(u => u.Type == 2 && u.Status != "pending");

    public int LicencesPending(SandboxAccount account) =>
        account.Users.Count(u => u.Type == 2 && u.Status == "pending");

    public long StorageUsed(string accountId) =>
        Recordings.Where(r => r.AccountId == accountId).SelectMany(r => r.Files).Where(f => !f.Deleted).Sum(f => f.FileSize);

    public void AddRecording(SandboxRecordingMeeting meeting)
    {
        Recordings.Add(meeting);
        foreach (var file in meeting.Files)
        {
            FilesById[file.Id] = (meeting, file);
        }
    }
}
