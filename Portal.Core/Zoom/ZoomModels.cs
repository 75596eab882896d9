namespace Portal.Core.Zoom;

// Core models of what Zoom returns. The wire DTOs (snake_case JSON) stay internal to the client.

public sealed record ZoomOAuthTokens(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt, string Scope, string? ApiUrl)
{
    public IReadOnlySet<string> Scopes => Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public override string ToString() => $"ZoomOAuthTokens {{ ExpiresAt = {ExpiresAt:O}, Scope = {Scope}, ApiUrl = {ApiUrl} }}";
}

/// <summary>What a fresh token says about a connection (for verification and health).</summary>
public sealed record ZoomTokenInfo(IReadOnlySet<string> Scopes, string? ApiUrl, DateTimeOffset ExpiresAt);

public enum ZoomUserStatus
{
    Active = 0,
    Inactive = 1,
    Pending = 2,
}

/// <summary>Zoom user <c>type</c>: 1 Basic, 2 Licensed, 4 unassigned without Meetings Basic, 99 None.</summary>
public enum ZoomUserType
{
    Basic = 1,
    Licensed = 2,
    Unassigned = 4,
    None = 99,
}

public sealed record ZoomUser(
    string? Id,
    string Email,
    string? FirstName,
    string? LastName,
    string? DisplayName,
    int Type,
    ZoomUserStatus Status,
    string? AccountId,
    DateTimeOffset? LastLoginTime,
    DateTimeOffset? CreatedAt,
    string? Timezone)
{
    public string Name => !string.IsNullOrWhiteSpace(DisplayName) ? DisplayName! : $"{FirstName} {LastName}".Trim();
}

public sealed record ZoomUserPage(IReadOnlyList<ZoomUser> Users, int TotalRecords, string? NextPageToken);

public sealed record ZoomNewUser(string Email, ZoomUserType Type, string? FirstName, string? LastName);

public sealed record ZoomCreatedUser(string? Id, string Email, int Type);

public sealed record ZoomUsersSummary(int Licensed, int Basic, int Pending, int Total, int OnPrem, int Room, int JoinOnly);

/// <summary>The user settings that sessions depend on.</summary>
public sealed record ZoomUserSettings(bool? CloudRecordingAllowed, bool? WaitingRoom, bool? AutoRecordingCloud);

public sealed record ZoomUserSettingsUpdate(bool? CloudRecordingAllowed = null, bool? WaitingRoom = null);

// ---- Account usage (licences and storage) ----

public sealed record ZoomPlanLicences(string Plan, string? Type, int Purchased, int Assigned, int? Pending)
{
    public int Free => Math.Max(0, Purchased - Assigned);
}

/// <summary>A size from Zoom's strings ("12.5 GB", "Unlimited", ""). Null bytes = unknown.</summary>
public sealed record ZoomSize(long? Bytes, bool Unlimited, string Raw);

public sealed record ZoomStorage(
    string? PlanType,
    ZoomSize FreeStorage,
    ZoomSize FreeStorageUsage,
    ZoomSize PlanStorage,
    ZoomSize PlanStorageUsage,
    ZoomSize PlanStorageExceed,
    string? MaxExceedDate)
{
    public long? AllottedBytes => FreeStorage.Unlimited || PlanStorage.Unlimited ? null : (FreeStorage.Bytes ?? 0) + (PlanStorage.Bytes ?? 0);
    public long? UsedBytes => (FreeStorageUsage.Bytes ?? 0) + (PlanStorageUsage.Bytes ?? 0);
    public bool Unlimited => FreeStorage.Unlimited || PlanStorage.Unlimited;

    /// <summary>Derived by the portal (allotments minus usages); Zoom does not report it.</summary>
    public long? RemainingBytesDerived => AllottedBytes is { } a ? Math.Max(0, a - (UsedBytes ?? 0)) : null;
}

/// <summary>Licences and storage; where plan usage was refused, the users summary fills in and <see cref="UnknownFigures"/> says what is missing.</summary>
public sealed record ZoomAccountUsage(
    IReadOnlyList<ZoomPlanLicences> Plans,
    int? LicencesPurchased,
    int? LicencesAssigned,
    ZoomStorage? Storage,
    ZoomUsersSummary? UsersSummary,
    IReadOnlyList<string> UnknownFigures,
    string? FallbackReason);

public sealed record ZoomStorageDay(DateOnly Date, ZoomSize Usage, ZoomSize PlanUsage, ZoomSize FreeUsage);

// ---- Recordings ----

public sealed record ZoomRecordingFile(
    string Id,
    string MeetingUuid,
    string FileType,
    string? FileExtension,
    long FileSize,
    DateTimeOffset? RecordingStart,
    DateTimeOffset? RecordingEnd,
    string? PlayUrl,
    string? DownloadUrl,
    string? Status,
    string? RecordingType);

public sealed record ZoomRecordingMeeting(
    string Uuid,
    long Id,
    string? HostId,
    string Topic,
    DateTimeOffset StartTime,
    int Duration,
    long TotalSize,
    int RecordingCount,
    string? ShareUrl,
    IReadOnlyList<ZoomRecordingFile> Files);

public sealed record ZoomDownload(Stream Content, string? ContentType, long? ContentLength, string? ContentRange, bool Partial, string? FileName) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

// ---- Meetings ----

public sealed record ZoomMeetingSettings(bool WaitingRoom, bool JoinBeforeHost, string AutoRecording, bool? MeetingAuthentication = null);

public sealed record ZoomMeetingRequest(
    string Topic,
    DateTimeOffset StartTime,
    int DurationMinutes,
    string TimeZone,
    string? Agenda,
    string? Password,
    ZoomMeetingSettings Settings);

public sealed record ZoomMeetingUpdate(
    string? Topic = null,
    DateTimeOffset? StartTime = null,
    int? DurationMinutes = null,
    string? TimeZone = null,
    string? Agenda = null,
    string? ScheduleFor = null);

public sealed record ZoomMeeting(
    long Id,
    string? Uuid,
    string? HostId,
    string? HostEmail,
    string Topic,
    DateTimeOffset? StartTime,
    int Duration,
    string? TimeZone,
    string JoinUrl,
    string? StartUrl,
    string? Password)
{
    public override string ToString() => $"ZoomMeeting {{ Id = {Id}, HostId = {HostId}, Topic = {Topic} }}";
}

/// <summary>Calls made through the client, per connection and category, for health and benchmarks.</summary>
public sealed record ZoomCallStats(string Key, DateOnly Day, IReadOnlyDictionary<ZoomRateCategory, int> Calls, int TooManyRequests, int DailyLimitsHit, int TokenRequests);
