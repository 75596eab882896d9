using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Connections;

namespace Portal.Core.Jobs;

/// <summary>The one hosted scheduler: starts each job when its schedule says it is due.</summary>
public sealed class JobScheduler(
    IJobRunner runner,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<JobsOptions> options,
    IOptions<JobSettingsByName> settings,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<JobScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        // Not before the app has started: migrations are applied, and the server knows its own address (the sandbox needs it).
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueJobsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The job scheduler's tick failed");
            }
            await Task.Delay(s_tick, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal async Task StartDueJobsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interrupted = await InterruptedRuns.CloseAsync(db, clock.GetUtcNow(), ct);
        if (interrupted > 0)
        {
            logger.LogWarning("Closed {Count} job runs as interrupted: their portal process stopped before they finished", interrupted);
        }
        var connections = await db.ZoomConnections.Where(c => !c.Disabled).Select(c => new { c.Id, c.Kind, c.GrantedScopes }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var job in runner.Jobs)
        {
            JobSchedule schedule;
            try
            {
                schedule = settings.Value.ScheduleOf(job);
            }
            catch (FormatException ex)
            {
                // Only a job's own default can get here: configured schedules are checked at start.
                logger.LogWarning("Job {Job} is not scheduled: {Problem}", job.Name, ex.Message);
                continue;
            }
            if (schedule.IsOff)
            {
                continue;
            }
            IEnumerable<int?> targets = job.PerConnection
                ? connections.Where(c => job.NeedsWholeAccount is null || AccountWideAccess.Covers(c.Kind, c.GrantedScopes)).Select(c => (int?)c.Id)
                : [null];
            foreach (var connectionId in targets)
            {
                var last = await db.JobRuns.Where(r => r.JobName == job.Name && r.ConnectionId == connectionId)
                    .OrderByDescending(r => r.Id).Select(r => new { r.Id, r.StartedAt, r.Outcome }).FirstOrDefaultAsync(ct);
                // An interrupted run did not do its work: the job is due again now rather than at its next regular time.
                var due = last is null || last.Outcome == JobOutcome.Interrupted ? now : schedule.NextAfter(last.StartedAt);
                if (due <= now)
                {
                    // Several instances may see the same job due: the runner starts it only if nobody ran it since.
                    await runner.StartScheduledAsync(job.Name, connectionId, last?.Id, ct);
                }
            }
        }
    }
}
