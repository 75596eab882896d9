using Portal.Core.Identity;

namespace Portal.Core.Features.Home;

public enum AlertSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}

public sealed record HomeAlert(AlertSeverity Severity, string Title, string Detail, string? Link = null, string? LinkText = null);

/// <summary>Features contribute alerts to the home page (storage, licences, host checks, failed syncs).</summary>
public interface IHomeAlertSource
{
    Task<IReadOnlyList<HomeAlert>> GetAlertsAsync(Actor actor, CancellationToken ct);
}
