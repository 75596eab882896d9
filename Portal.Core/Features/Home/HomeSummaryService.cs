using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;

namespace Portal.Core.Features.Home;

public sealed record HomeSummary(
    int Connections,
    int UnhealthyConnections,
    int StaffMembers,
    IReadOnlyDictionary<MappingStatus, int> MappingCounts,
    IReadOnlyList<HomeAlert> Alerts)
{
    public int MappingProblems => MappingCounts.Where(kv => kv.Key != MappingStatus.Ready).Sum(kv => kv.Value);
}

public interface IHomeSummaryService
{
    Task<HomeSummary> GetAsync(Actor actor, CancellationToken ct = default);
}

public sealed class HomeSummaryService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IEnumerable<IHomeAlertSource> alertSources,
    ILogger<HomeSummaryService> logger) : IHomeSummaryService
{
    public async Task<HomeSummary> GetAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connections = await db.ZoomConnections.CountAsync(c => !c.Disabled, ct);
        var unhealthy = await db.ZoomConnections.CountAsync(c => !c.Disabled && c.LastError != null, ct);
        var staff = await db.StaffMembers.CountAsync(s => s.Active, ct);
        var counts = await db.StaffMappings.Where(m => m.StaffMember!.Active)
            .GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var alerts = new List<HomeAlert>();
        foreach (var source in alertSources)
        {
            try
            {
                alerts.AddRange(await source.GetAlertsAsync(actor, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Alert source {Source} failed", source.GetType().Name);
            }
        }
        return new HomeSummary(connections, unhealthy, staff, counts, alerts.OrderByDescending(a => a.Severity).ToList());
    }
}
