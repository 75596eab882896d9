using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Features.SessionRecordings;

/// <summary>How long a session's recording is published on the client's page; under <c>Sessions</c> beside the other session settings.</summary>
public sealed class RecordingPublishOptions
{
    public const string Section = "Sessions";

    /// <summary>The time offered when the host or a director publishes, and used by automatic publishing.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RecordingPublishDefault { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The longest time a recording can be published for at once.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RecordingPublishMax { get; set; } = TimeSpan.FromDays(90);
}
