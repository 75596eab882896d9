using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;

namespace Portal.Core.Features.Home;

/// <summary>One connection's health on the home page (the same words as on the connections list).</summary>
public sealed record ConnectionHealthLine(int Id, string Name, ConnectionHealthReport Health);

public sealed record HomeSummary(
    int Connections,
    IReadOnlyList<ConnectionHealthLine> ConnectionHealth,
    int StaffMembers,
    IReadOnlyDictionary<MappingStatus, int> MappingCounts,
    IReadOnlyList<HomeAlert> Alerts)
{
    public int UnhealthyConnections => ConnectionHealth.Count(c => c.Health.NeedsAttention);

    public int MappingProblems => MappingCounts.Where(kv => kv.Key != MappingStatus.Ready).Sum(kv => kv.Value);
}

public interface IHomeSummaryService
{
    /// <summary>The signed-in person's home summary: account-wide figures for administrators and directors only.</summary>
    Task<HomeSummary> GetAsync(CancellationToken ct = default);
}

public sealed class HomeSummaryService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IEnumerable<IHomeAlertSource> alertSources,
    ICurrentActor currentActor,
    ILogger<HomeSummaryService> logger) : IHomeSummaryService
{
    public async Task<HomeSummary> GetAsync(CancellationToken ct = default)
    {
        var actor = await currentActor.RequireStaffAsync("Only people with a portal role have a home page.");
        var alerts = await AlertsAsync(actor, ct);
        if (!actor.IsSystem && !actor.IsAdminOrDirector)
        {
            return new HomeSummary(0, [], 0, new Dictionary<MappingStatus, int>(), alerts);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ZoomConnections.AsNoTracking().Where(c => !c.Disabled).OrderBy(c => c.Name).ToListAsync(ct);
        var health = await ConnectionHealthRule.EvaluateAsync(db, rows, ct);
        var lines = rows.Select(c => new ConnectionHealthLine(c.Id, c.Name, health[c.Id])).ToList();
        var staff = await db.StaffMembers.CountAsync(s => s.Active, ct);
        var counts = await db.StaffMappings.Where(m => m.StaffMember!.Active)
            .GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new HomeSummary(rows.Count, lines, staff, counts, alerts);
    }

    private async Task<IReadOnlyList<HomeAlert>> AlertsAsync(Actor actor, CancellationToken ct)
    {
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
        return alerts.OrderByDescending(a => a.Severity).ToList();
    }
}
