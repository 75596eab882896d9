using System.ComponentModel.DataAnnotations;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Staff;

public sealed record StaffQuery
{
    public string? Search { get; init; }
    public MappingStatus? Status { get; init; }
    public int? ConnectionId { get; init; }
    public string? Role { get; init; }
    public bool IncludeInactive { get; init; }

    /// <summary>Column key: name, email, role, status, connection, lastLogin, checkedAt.</summary>
    public string? SortBy { get; init; }
    public bool Descending { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

public sealed record StaffRow(
    int Id,
    string Name,
    string Email,
    string Aliases,
    string StaffRole,
    bool Active,
    int? ConnectionId,
    string? ConnectionName,
    MappingStatus Status,
    string Reason,
    MappingFix Fix,
    string? ZoomUserId,
    string? ZoomEmail,
    int? ZoomUserType,
    string? ZoomStatus,
    DateTimeOffset? ZoomLastLoginAt,
    DateTimeOffset? CheckedAt)
{
    public string StatusLabel => MappingTexts.Label(Status);
    public string FixLabel => MappingTexts.Describe(Fix);
}

public sealed record StaffResultPage(IReadOnlyList<StaffRow> Items, int Total);

public sealed record StaffDetail(StaffRow Row, string? ObjectId, DateTimeOffset CreatedAt, IReadOnlyList<StaffHistory> History);

public sealed record ConnectionSyncState(int ConnectionId, string ConnectionName, SyncRun? LastRun, SyncRun? LastGood)
{
    public bool LastFailed => LastRun is { Succeeded: false };

    /// <summary>Why the sync is switched off for this connection (its Zoom permissions cover one user only); null when it can run.</summary>
    public string? SwitchedOffReason { get; init; }
}

public sealed record UnmatchedZoomUser(long SnapshotId, int ConnectionId, string ConnectionName, string? ZoomUserId, string Email,
    string DisplayName, int Type, string Status, DateTimeOffset? LastLoginAt);

public sealed record ReclaimCandidate(int ConnectionId, string ConnectionName, string ZoomUserId, string Email, string DisplayName,
    DateTimeOffset? LastLoginAt, int? StaffMemberId, string? StaffName);

/// <summary>One member's outcome; <see cref="Zoom"/> is Zoom's refusal when that is why it failed (the message then is its text).</summary>
public sealed record StaffActionResult(int StaffMemberId, string Name, bool Succeeded, string Message, ZoomRefusal? Zoom = null);

public sealed record LicenceFigures(int? Purchased, int? Assigned, string Source)
{
    public int? Left => Purchased is { } p && Assigned is { } a ? Math.Max(0, p - a) : null;
}

public sealed record ZoomSettingsView(bool? CloudRecordingAllowed, bool? WaitingRoom, bool? AutoRecordingCloud)
{
    public bool NeedsFix => CloudRecordingAllowed != true || WaitingRoom != true;
}

/// <summary>A member's Zoom settings, or why they could not be read (<see cref="Zoom"/> when Zoom refused).</summary>
public sealed record ZoomSettingsResult(ZoomSettingsView? Settings, string? Problem = null, ZoomRefusal? Zoom = null);

public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>Licensed users with no sign-in for this many days are listed as reclaim candidates.</summary>
    [Range(1, 3650)] public int ReclaimAfterDays { get; set; } = 90;

    /// <summary>In the sandbox run, seed a demo roster on first start.</summary>
    public bool SeedDemoRoster { get; set; } = true;
}
