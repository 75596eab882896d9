using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Text;

namespace Portal.Core.Jobs;

/// <summary>
/// Keeps the database small: closes runs whose process is gone as Interrupted, drops job run records older than
/// <c>Jobs:DatabaseMaintenance:KeepDays</c> (90) and expired leases.
/// </summary>
public sealed class DatabaseMaintenanceJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<DatabaseMaintenanceOptions> options,
    TimeProvider clock) : IPortalJob
{
    public const string JobName = "DatabaseMaintenance";

    public string Name => JobName;
    public string DefaultSchedule => "daily 03:30";
    public bool PerConnection => false;
    public string Description =>
        "Closes runs left unfinished by a stopped portal, removes old job run records and expired job leases, and lets SQLite optimise its indexes.";

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var keepDays = options.Value.KeepDays;
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-keepDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        context.Progress.Report(new JobProgress("Closing runs left unfinished by a stopped portal…", 0.1));
        // Before the leases go: a dead run is recognised by its missing or expired lease.
        var interrupted = await InterruptedRuns.CloseAsync(db, now, ct);

        context.Progress.Report(new JobProgress($"Removing job runs older than {keepDays} days…", 0.2));
        var runs = await db.JobRuns.Where(r => r.StartedAt < cutoff && r.Outcome != JobOutcome.Running).ExecuteDeleteAsync(ct);

        context.Progress.Report(new JobProgress("Removing expired job leases…", 0.6));
        var leases = await db.JobLeases.Where(l => l.ExpiresAt < now).ExecuteDeleteAsync(ct);

        context.Progress.Report(new JobProgress("Optimising the database…", 0.8));
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;", ct);
        }
        var summary = $"Removed {Plural.Of(runs, "job run")} older than {Plural.Of(keepDays, "day")} and {Plural.Of(leases, "expired lease")}.";
        return interrupted == 0 ? summary : $"Closed {Plural.Of(interrupted, "interrupted run")}. {summary}";
    }
}
