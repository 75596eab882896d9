using System.Text.Json.Serialization;

namespace Portal.Core.Zoom;

// Zoom's answers as they arrive on the wire (snake_case JSON), read by ZoomWireJson's generated code and mapped to the
// public models in ZoomModels.cs. Every field is optional: Zoom omits fields, sends empty strings and numbers as text.

/// <summary>A list answer that continues on a next page (<c>next_page_token</c>).</summary>
internal interface IZoomPagedWire
{
    string? NextPageToken { get; }
}

internal sealed record UserWire
{
    public string? Id { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? DisplayName { get; init; }
    public int? Type { get; init; }
    public string? Status { get; init; }
    public string? AccountId { get; init; }
    public DateTimeOffset? LastLoginTime { get; init; }
    public DateTimeOffset? UserCreatedAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? Timezone { get; init; }
}

internal sealed record UserPageWire : IZoomPagedWire
{
    public List<UserWire>? Users { get; init; }
    public int? TotalRecords { get; init; }
    public string? NextPageToken { get; init; }
}

internal sealed record CreatedUserWire
{
    public string? Id { get; init; }
    public string? Email { get; init; }
    public int? Type { get; init; }
}

internal sealed record UserSettingsWire
{
    public RecordingSettingsWire? Recording { get; init; }
    public InMeetingSettingsWire? InMeeting { get; init; }
}

internal sealed record RecordingSettingsWire
{
    public bool? CloudRecording { get; init; }
    public string? AutoRecording { get; init; }
}

internal sealed record InMeetingSettingsWire
{
    public bool? WaitingRoom { get; init; }
}

internal sealed record UsersSummaryWire
{
    public int? LicensedUsersCount { get; init; }
    public int? BasicUsersCount { get; init; }
    public int? PendingUsersCount { get; init; }
    public int? TotalUsersCount { get; init; }
    public int? OnPremUsersCount { get; init; }
    public int? RoomUsersCount { get; init; }
    public int? JoinOnlyUsersCount { get; init; }
}

internal sealed record PlanUsageWire
{
    // Zoom sends each plan as one object or as an array of them.
    [JsonConverter(typeof(OneOrManyPlansConverter))]
    public List<PlanWire>? PlanBase { get; init; }

    [JsonConverter(typeof(OneOrManyPlansConverter))]
    public List<PlanWire>? PlanZoomOne { get; init; }

    [JsonConverter(typeof(OneOrManyPlansConverter))]
    public List<PlanWire>? PlanUnited { get; init; }

    public PlanRecordingWire? PlanRecording { get; init; }
}

internal sealed record PlanWire
{
    public string? Type { get; init; }
    public int? Hosts { get; init; }
    public int? Usage { get; init; }
    public int? Pending { get; init; }
}

internal sealed record PlanRecordingWire
{
    public string? Type { get; init; }
    public string? FreeStorage { get; init; }
    public string? FreeStorageUsage { get; init; }
    public string? PlanStorage { get; init; }
    public string? PlanStorageUsage { get; init; }
    public string? PlanStorageExceed { get; init; }
    public string? MaxExceedDate { get; init; }
}

internal sealed record StorageReportWire
{
    public List<StorageDayWire>? CloudRecordingStorage { get; init; }
}

internal sealed record StorageDayWire
{
    public string? Date { get; init; }
    public string? Usage { get; init; }
    public string? PlanUsage { get; init; }
    public string? FreeUsage { get; init; }
}

/// <summary>Some recording calls answer HTTP 200 with a <c>{code, message}</c> error body instead of the listing.</summary>
internal interface IZoomErrorBodyWire
{
    int? Code { get; }
    string? Message { get; }
}

internal sealed record RecordingPageWire : IZoomPagedWire, IZoomErrorBodyWire
{
    public List<RecordingMeetingWire>? Meetings { get; init; }
    public string? NextPageToken { get; init; }
    public int? Code { get; init; }
    public string? Message { get; init; }
}

internal sealed record RecordingMeetingWire : IZoomErrorBodyWire
{
    public string? Uuid { get; init; }
    public long? Id { get; init; }
    public string? HostId { get; init; }
    public string? Topic { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public int? Duration { get; init; }
    public long? TotalSize { get; init; }
    public int? RecordingCount { get; init; }
    public string? ShareUrl { get; init; }
    public List<RecordingFileWire>? RecordingFiles { get; init; }
    public int? Code { get; init; }
    public string? Message { get; init; }
}

internal sealed record RecordingFileWire
{
    public string? Id { get; init; }
    public string? MeetingId { get; init; }
    public string? FileType { get; init; }
    public string? FileExtension { get; init; }
    public long? FileSize { get; init; }
    public DateTimeOffset? RecordingStart { get; init; }
    public DateTimeOffset? RecordingEnd { get; init; }
    public string? PlayUrl { get; init; }
    public string? DownloadUrl { get; init; }
    public string? Status { get; init; }
    public string? RecordingType { get; init; }
}

internal sealed record MeetingWire
{
    public long? Id { get; init; }
    public string? Uuid { get; init; }
    public string? HostId { get; init; }
    public string? HostEmail { get; init; }
    public string? Topic { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public int? Duration { get; init; }
    public string? Timezone { get; init; }
    public string? JoinUrl { get; init; }
    public string? StartUrl { get; init; }
    public string? Password { get; init; }
}

internal sealed record MeetingPageWire : IZoomPagedWire
{
    public List<MeetingWire>? Meetings { get; init; }
    public string? NextPageToken { get; init; }
}

internal sealed record PastMeetingWire
{
    public long? Id { get; init; }
    public string? Uuid { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public string? HostId { get; init; }
    public int? ParticipantsCount { get; init; }
}

internal sealed record PastParticipantWire
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? UserId { get; init; }
    public string? UserEmail { get; init; }
    public DateTimeOffset? JoinTime { get; init; }
    public DateTimeOffset? LeaveTime { get; init; }
}

internal sealed record PastParticipantPageWire : IZoomPagedWire
{
    public List<PastParticipantWire>? Participants { get; init; }
    public string? NextPageToken { get; init; }
}

internal sealed record PastInstanceWire
{
    public string? Uuid { get; init; }
    public DateTimeOffset? StartTime { get; init; }
}

internal sealed record PastInstancesWire
{
    public List<PastInstanceWire>? Meetings { get; init; }
}

internal sealed record MeetingStatusWire
{
    public string? Status { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(LenientStringConverter), typeof(LenientLongConverter), typeof(LenientIntConverter), typeof(LenientBoolConverter), typeof(LenientDateConverter)])]
[JsonSerializable(typeof(UserWire))]
[JsonSerializable(typeof(UserPageWire))]
[JsonSerializable(typeof(CreatedUserWire))]
[JsonSerializable(typeof(UserSettingsWire))]
[JsonSerializable(typeof(UsersSummaryWire))]
[JsonSerializable(typeof(PlanUsageWire))]
[JsonSerializable(typeof(StorageReportWire))]
[JsonSerializable(typeof(RecordingPageWire))]
[JsonSerializable(typeof(RecordingMeetingWire))]
[JsonSerializable(typeof(MeetingWire))]
[JsonSerializable(typeof(MeetingPageWire))]
[JsonSerializable(typeof(CreateUserWire))]
[JsonSerializable(typeof(UserTypeWire))]
[JsonSerializable(typeof(UserSettingsUpdateWire))]
[JsonSerializable(typeof(CreateMeetingWire))]
[JsonSerializable(typeof(UpdateMeetingWire))]
[JsonSerializable(typeof(RecordingStatusWire))]
[JsonSerializable(typeof(PastMeetingWire))]
[JsonSerializable(typeof(PastParticipantPageWire))]
[JsonSerializable(typeof(PastInstancesWire))]
[JsonSerializable(typeof(MeetingStatusWire))]
internal sealed partial class ZoomWireJson : JsonSerializerContext;
