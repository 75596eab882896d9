using Portal.Core.Features.Home;
using Portal.Core.Identity;

namespace Portal.Core.Features.Usage;

/// <summary>Storage and licence warnings of every connection on the home page of administrators and directors.</summary>
public sealed class UsageHomeAlertSource(IUsageDashboardService dashboards) : IHomeAlertSource
{
    public async Task<IReadOnlyList<HomeAlert>> GetAlertsAsync(Actor actor, CancellationToken ct)
    {
        if (!actor.IsAdminOrDirector)
        {
            return [];
        }
        var cards = await dashboards.GetOverviewAsync(ct);
        return cards.Where(c => !c.Disabled)
            .SelectMany(c => c.Alerts.Where(a => a.Severity >= AlertSeverity.Warning).Select(a => a with { Title = $"{c.Name}: {a.Title}" }))
            .ToList();
    }
}
