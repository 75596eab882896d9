using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Features.Connections;

/// <summary>Bound from <c>Jobs:ZoomLinkRefresh</c>.</summary>
public sealed class ZoomLinkRefreshOptions
{
    public const string Section = "Jobs:ZoomLinkRefresh";

    /// <summary>Links whose refresh token is older than this are refreshed (Zoom's lapse after about 90 days unused).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "80.00:00:00")] public TimeSpan RefreshOlderThan { get; set; } = TimeSpan.FromDays(7);
}
