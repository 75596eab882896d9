using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>The schedule form. Start is a local date and time in <see cref="TimeZone"/> (an IANA id).</summary>
public sealed class ScheduleSessionRequest
{
    public int? StaffMemberId { get; set; }
    public string ClientName { get; set; } = "";
    public string ClientEmail { get; set; } = "";
    public DateTime? StartDate { get; set; }
    public TimeSpan? StartTime { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public int DurationMinutes { get; set; } = 60;
    public string Topic { get; set; } = "";
    public string? Notes { get; set; }
}

public sealed class RescheduleSessionRequest
{
    public DateTime? StartDate { get; set; }
    public TimeSpan? StartTime { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public int DurationMinutes { get; set; } = 60;
    public string Topic { get; set; } = "";
}

/// <summary>Why a session action did not happen. Nothing was created or changed when a refusal is returned.</summary>
public enum SessionRefusal
{
    None = 0,
    Invalid,
    NotFound,
    NotAllowed,
    NoZoomUser,
    BasicTooLong,
    InPast,
    Overlap,
    SaveFailed,
    DeletedInZoom,
    NotScheduled,

    /// <summary>The host's Zoom connection is a user-level link that does not reach this host (AccountWideAccess gives the reason).</summary>
    NotAccountWide,

    /// <summary>Zoom refused; <see cref="SessionResult.Zoom"/> says why and what to do.</summary>
    Zoom,
}

public sealed record SessionResult(
    bool Succeeded,
    SessionRefusal Refusal,
    string Message,
    long? SessionId = null,
    string? JoinToken = null,
    bool OfferLicence = false,
    int? StaffMemberId = null,
    ZoomRefusal? Zoom = null)
{
    public static SessionResult Ok(string message, long sessionId, string? joinToken = null) =>
        new(true, SessionRefusal.None, message, sessionId, joinToken);

    public static SessionResult Refused(SessionRefusal refusal, string message, bool offerLicence = false, int? staffMemberId = null) =>
        new(false, refusal, message, OfferLicence: offerLicence, StaffMemberId: staffMemberId);

    public static SessionResult RefusedByZoom(ZoomRefusal zoom) => new(false, SessionRefusal.Zoom, zoom.Text, Zoom: zoom);
}

public sealed record StartLinkResult(SessionRefusal Refusal, string Message, Uri? StartUrl, ZoomRefusal? Zoom = null)
{
    public bool Succeeded => StartUrl is not null;
}

public enum SessionTimeFilter
{
    Upcoming = 0,
    Past = 1,
    All = 2,
}

public sealed record SessionQuery
{
    /// <summary>Only the signed-in person's own sessions (always true for teachers).</summary>
    public bool Mine { get; init; }
    public int? StaffMemberId { get; init; }
    /// <summary>Only sessions in this Zoom connection (the connection chosen in the drawer); null for all.</summary>
    public int? ConnectionId { get; init; }
    public SessionTimeFilter When { get; init; }
    public SessionState? State { get; init; }
    public string? Search { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

public sealed record SessionListItem(
    long Id,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    int DurationMinutes,
    string Topic,
    string ClientName,
    int StaffMemberId,
    string StaffName,
    SessionState State,
    string? HostWarning,
    bool IsHost = false)
{
    public string LocalStart => SessionTime.Format(StartsAt, TimeZone);

    public bool CanStart(DateTimeOffset now) => IsHost && State == SessionState.Scheduled && EndsAt > now;
}

public sealed record SessionPage(IReadOnlyList<SessionListItem> Items, int Total);

public sealed record SessionDetails(
    long Id,
    int StaffMemberId,
    string StaffName,
    string StaffEmail,
    string ClientName,
    string ClientEmail,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    int DurationMinutes,
    string Topic,
    string? Notes,
    long ZoomMeetingId,
    SessionState State,
    string? HostWarning,
    DateTimeOffset? HostCheckedAt,
    DateTimeOffset JoinLinkExpiresAt,
    string? CreatedBy,
    bool IsHost,
    bool CanManage,
    bool CanChangeHost,
    IReadOnlyList<SessionMessages.SessionMessageLine>? Messages = null)
{
    public string LocalStart => SessionTime.Format(StartsAt, TimeZone);
    public bool IsOver(DateTimeOffset now) => EndsAt <= now;

    /// <summary>Why e-mail to the client could not be sent (an invalid address), from the latest such message; null when none failed so.</summary>
    public string? ClientEmailProblem => Messages?.FirstOrDefault(m => m.ToClient && m.Status == Notifications.OutboxStatus.InvalidRecipient)?.Problem;
}

/// <summary>
/// A possible host. SwitchedOffReason says why the portal cannot create meetings for them (a user-level Zoom link);
/// CannotHost why their Zoom user cannot host (from the last staff check); HostWarning what limits them (a Basic user).
/// </summary>
public sealed record StaffOption(int Id, string Name, string Email, string? SwitchedOffReason = null, string? CannotHost = null, string? HostWarning = null)
{
    public bool Selectable => SwitchedOffReason is null && CannotHost is null;
}

public static class SessionTime
{
    public static string Format(DateTimeOffset utc, string timeZone)
    {
        var local = TryFind(timeZone) is { } tz ? TimeZoneInfo.ConvertTime(utc, tz) : utc;
        return $"{local:ddd d MMM yyyy, HH:mm} ({timeZone})";
    }

    /// <summary>"Tue 1 Dec 2026, 14:00 (Europe/Berlin, UTC+01:00)": the session's zone with its offset at that moment.</summary>
    public static string FormatWithOffset(DateTimeOffset utc, string timeZone)
    {
        var local = TryFind(timeZone) is { } tz ? TimeZoneInfo.ConvertTime(utc, tz) : utc.ToUniversalTime();
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"{local:ddd d MMM yyyy, HH:mm} ({timeZone}, UTC{sign}{offset:hh\\:mm})";
    }

    /// <summary>"Tuesday 8 December 2026, 15:00 (Europe/Berlin, UTC+01:00)": for messages, in words that read the same everywhere.</summary>
    public static string FormatLong(DateTimeOffset utc, string timeZone)
    {
        var local = TryFind(timeZone) is { } tz ? TimeZoneInfo.ConvertTime(utc, tz) : utc.ToUniversalTime();
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{local:dddd d MMMM yyyy, HH:mm} ({timeZone}, UTC{sign}{offset:hh\\:mm})");
    }

    public static TimeZoneInfo? TryFind(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz) ? tz : null;
    }

    /// <summary>The UTC instant of a local date and time in a zone; null when the zone is unknown or the time does not exist (clock change).</summary>
    public static DateTimeOffset? ToUtc(DateTime? date, TimeSpan? time, string? timeZone)
    {
        if (date is null || time is null || TryFind(timeZone) is not { } tz)
        {
            return null;
        }
        var local = DateTime.SpecifyKind(date.Value.Date + time.Value, DateTimeKind.Unspecified);
        if (tz.IsInvalidTime(local))
        {
            return null;
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, tz), TimeSpan.Zero);
    }

    /// <summary>IANA ids offered in the form: the common ones first.</summary>
    public static IReadOnlyList<string> CommonZones { get; } =
    [
        "UTC", "Europe/London", "Europe/Dublin", "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome",
        "Europe/Amsterdam", "Europe/Zurich", "Europe/Vienna", "Europe/Stockholm", "Europe/Helsinki", "Europe/Athens",
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
        "America/Sao_Paulo", "Asia/Tokyo", "Asia/Singapore", "Asia/Kolkata", "Australia/Sydney", "Pacific/Auckland",
    ];
}
