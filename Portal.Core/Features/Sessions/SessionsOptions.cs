using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Features.Sessions;

/// <summary>Configuration under <c>Sessions</c>.</summary>
public sealed class SessionsOptions
{
    public const string Section = "Sessions";

    public MeetingDefaults Defaults { get; set; } = new();

    /// <summary>How long after a session ends the client's join link keeps working.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan JoinLinkValidAfterEnd { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before the start the client's page offers "Join now".</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan JoinOpensBefore { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The schedule form's time zone (an IANA id) when the browser does not say its own.</summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>A mapping checked longer ago than this is re-checked with Zoom before scheduling.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan MappingMaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The pre-session host check looks at sessions starting within this window.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan HostCheckWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Zoom's meeting length limit for Basic (unlicensed) hosts.</summary>
    [Range(1, 1440)]
    public int BasicMaxMinutes { get; set; } = 40;

    public JoinRateLimitOptions JoinRateLimit { get; set; } = new();

    /// <summary>How long before the start the client's reminder e-mail goes out; 00:00:00 sends none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "14.00:00:00")]
    public TimeSpan ClientReminderBefore { get; set; } = TimeSpan.FromHours(24);
}

public sealed class MeetingDefaults
{
    public bool WaitingRoom { get; set; } = true;
    public bool Passcode { get; set; } = true;
    public bool JoinBeforeHost { get; set; }

    /// <summary>Zoom's auto_recording: "none", "cloud" or "local".</summary>
    [AllowedValues("none", "cloud", "local")]
    public string AutoRecording { get; set; } = "none";
}

public sealed class JoinRateLimitOptions
{
    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 20;
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
