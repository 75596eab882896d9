using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Jobs;

/// <summary>
/// Closes runs whose process is gone. A live run always holds its lease (taken before the run is recorded, renewed by a
/// heartbeat, released only after the outcome is saved), so a run still marked Running without a live lease is dead.
/// </summary>
public static class InterruptedRuns
{
    public const string Summary =
        "Interrupted: the portal stopped (restart or crash) before this run finished. The job runs again at its next chance.";

    /// <summary>Marks every Running run without a live lease as Interrupted; returns how many.</summary>
    public static async Task<int> CloseAsync(PortalDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        // Runs first, leases second: a run that starts in between is not in the list, one that ends in between is no longer Running.
        var running = await db.JobRuns.Where(r => r.Outcome == JobOutcome.Running)
            .Select(r => new { r.Id, r.JobName, r.ConnectionId }).ToListAsync(ct);
        if (running.Count == 0)
        {
            return 0;
        }
        var leased = (await db.JobLeases.Where(l => l.ExpiresAt >= now).Select(l => l.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var dead = running.Where(r => !leased.Contains(JobRunner.LeaseKey(r.JobName, r.ConnectionId))).Select(r => r.Id).ToList();
        return dead.Count == 0 ? 0 : await MarkAsync(db.JobRuns.Where(r => dead.Contains(r.Id)), now, ct);
    }

    /// <summary>Marks the given runs that are still Running as Interrupted.</summary>
    public static Task<int> MarkAsync(IQueryable<JobRun> runs, DateTimeOffset now, CancellationToken ct) =>
        runs.Where(r => r.Outcome == JobOutcome.Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Outcome, JobOutcome.Interrupted)
            .SetProperty(r => r.EndedAt, now)
            .SetProperty(r => r.Summary, Summary), ct);
}
