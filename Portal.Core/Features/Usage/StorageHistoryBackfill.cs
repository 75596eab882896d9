using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Usage;

/// <summary>
/// Fills the storage history from Zoom's cloud recording report, so the dashboards have a past from day one: the days
/// not stored yet, from six months ago (Zoom's limit) to yesterday (the latest day the report has), 30 days per request.
/// </summary>
public sealed class StorageHistoryBackfill(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomAccountReports zoom,
    TimeProvider clock,
    ILogger<StorageHistoryBackfill> logger)
{
    /// <summary>Zoom answers at most 30 days per report request.</summary>
    public const int DaysPerRequest = 30;

    public const string OwnSnapshotsOnly = "The history starts with the portal's own snapshots";

    /// <summary>Fetches the missing days; returns why the history cannot come from Zoom, or null when it does (or nothing was missing).</summary>
    public async Task<string?> RunAsync(int connectionId, ZoomTarget target, string grantedScopes, CancellationToken ct)
    {
        if (MissingPermission(grantedScopes) is { } missing)
        {
            return missing;
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var yesterday = today.AddDays(-1);
        var earliest = today.AddMonths(-6);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.UsageReportDays.Where(d => d.ConnectionId == connectionId).MaxAsync(d => (int?)d.Day, ct);
        var from = latest is { } l && l + 1 > earliest.DayNumber ? DateOnly.FromDayNumber(l + 1) : earliest;
        while (from <= yesterday)
        {
            var to = from.AddDays(DaysPerRequest - 1) < yesterday ? from.AddDays(DaysPerRequest - 1) : yesterday;
            IReadOnlyList<ZoomStorageDay> days;
            try
            {
                days = await zoom.GetCloudRecordingStorageReportAsync(target, from, to, ct);
            }
            catch (Exception ex) when (ZoomRefusal.From(ex, clock) is { } refusal)
            {
                logger.LogInformation("Cloud recording report of connection {ConnectionId} refused: {Reason}", connectionId, refusal.Reason);
                return $"{OwnSnapshotsOnly}: Zoom refused its cloud recording report. {refusal.Text}";
            }
            Store(db, connectionId, from, to, days);
            await db.SaveChangesAsync(ct);
            from = to.AddDays(1);
        }
        return null;
    }

    /// <summary>Why the connection's permissions do not cover the report (an optional scope), or null when they do or are not known yet.</summary>
    public static string? MissingPermission(string grantedScopes)
    {
        var granted = grantedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var need = ZoomScopes.Needs.Single(n => n.Classic.Contains("report:read:admin"));
        return granted.Count == 0 || need.IsMetBy(granted)
            ? null
            : $"{OwnSnapshotsOnly}: reading the past from Zoom's cloud recording report needs the optional permission "
              + $"{need.Classic[0]} (or {string.Join(", ", need.Granular)}), which this connection does not have. "
              + "Add it to the Server-to-Server OAuth app in Zoom's App Marketplace and verify the connection again to fill the past six months.";
    }

    /// <summary>One row per asked day, also for days Zoom left out (no figures), so the same days are not asked again.</summary>
    private void Store(PortalDbContext db, int connectionId, DateOnly from, DateOnly to, IReadOnlyList<ZoomStorageDay> days)
    {
        var byDay = days.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.Last());
        var now = clock.GetUtcNow();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var d = byDay.GetValueOrDefault(day);
            db.UsageReportDays.Add(new UsageReportDay
            {
                ConnectionId = connectionId,
                Day = day.DayNumber,
                UsedBytes = d?.Usage.Bytes,
                PlanUsedBytes = d?.PlanUsage.Bytes,
                FreeUsedBytes = d?.FreeUsage.Bytes,
                FetchedAt = now,
            });
        }
    }
}
