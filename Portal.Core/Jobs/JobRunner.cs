using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Zoom;

namespace Portal.Core.Jobs;

public sealed class JobRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock,
    IOptions<JobLeaseOptions> leaseOptions,
    ILogger<JobRunner> logger) : IJobRunner
{
    public const string ScheduleTrigger = "schedule";
    private readonly TimeSpan _leaseLength = leaseOptions.Value.LeaseDuration;
    private readonly TimeSpan _heartbeat = leaseOptions.Value.HeartbeatInterval;
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, LiveJobStatus> _live = new();
    private readonly ConcurrentDictionary<string, long> _claimed = new();

    // Jobs are scoped services; this list only serves their names and settings, each run resolves a fresh instance.
    public IReadOnlyList<IPortalJob> Jobs { get; } = ListJobs(scopes);

    public event Action<LiveJobStatus>? Changed;

    public LiveJobStatus? GetLive(string jobName, int? connectionId) =>
        _live.TryGetValue(LeaseKey(jobName, connectionId), out var s) ? s : null;

    public Task<long?> StartAsync(string jobName, int? connectionId, string triggeredBy, CancellationToken ct = default) =>
        StartAsync(jobName, connectionId, triggeredBy, onlyAfterRunId: null, ct);

    public Task<long?> StartScheduledAsync(string jobName, int? connectionId, long? lastSeenRunId, CancellationToken ct = default) =>
        StartAsync(jobName, connectionId, ScheduleTrigger, new Optional(lastSeenRunId), ct);

    private async Task<long?> StartAsync(string jobName, int? connectionId, string triggeredBy, Optional? onlyAfterRunId, CancellationToken ct)
    {
        var begun = await BeginAsync(jobName, connectionId, triggeredBy, onlyAfterRunId, ct);
        if (begun is null)
        {
            return null;
        }
        var (job, run) = begun.Value;
        _ = Task.Run(async () =>
        {
            try
            {
                await ExecuteAsync(job, run, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Job {Job} could not record its outcome", run.JobName);
            }
        }, CancellationToken.None);
        return run.Id;
    }

    public async Task<JobRun> RunAsync(string jobName, int? connectionId, string triggeredBy, CancellationToken ct = default)
    {
        var begun = await BeginAsync(jobName, connectionId, triggeredBy, onlyAfterRunId: null, ct);
        if (begun is null)
        {
            return new JobRun
            {
                JobName = jobName, ConnectionId = connectionId, TriggeredBy = triggeredBy, Outcome = JobOutcome.Skipped,
                StartedAt = clock.GetUtcNow(), EndedAt = clock.GetUtcNow(), Summary = "Already running.",
            };
        }
        return await ExecuteAsync(begun.Value.Job, begun.Value.Run, ct);
    }

    private async Task<(IPortalJob Job, JobRun Run)?> BeginAsync(
        string jobName, int? connectionId, string triggeredBy, Optional? onlyAfterRunId, CancellationToken ct)
    {
        var job = Jobs.FirstOrDefault(j => j.Name == jobName)
            ?? throw new ArgumentException($"No job named '{jobName}'.", nameof(jobName));
        var key = LeaseKey(jobName, connectionId);
        // The in-process claim stops two starts racing here; the lease stops a second portal instance.
        if (!_claimed.TryAdd(key, 0))
        {
            return null;
        }
        JobRun run;
        try
        {
            if (!await TryTakeLeaseAsync(key, ct))
            {
                _claimed.TryRemove(key, out _);
                return null;
            }
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Holding the lease, no other run of this job and connection can be alive: any still marked Running died with its process.
            await InterruptedRuns.MarkAsync(db.JobRuns.Where(r => r.JobName == jobName && r.ConnectionId == connectionId), clock.GetUtcNow(), ct);
            if (onlyAfterRunId is { } seen)
            {
                var latest = await db.JobRuns.Where(r => r.JobName == jobName && r.ConnectionId == connectionId)
                    .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
                if (latest != seen.Value)
                {
                    // Another instance ran it since this scheduler looked.
                    await ReleaseAsync(key);
                    return null;
                }
            }
            run = new JobRun
            {
                JobName = jobName, ConnectionId = connectionId, TriggeredBy = triggeredBy,
                StartedAt = clock.GetUtcNow(), Outcome = JobOutcome.Running,
            };
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await ReleaseAsync(key);
            throw;
        }
        Publish(new LiveJobStatus(jobName, connectionId, run.Id, true, new JobProgress("Starting…", 0), JobOutcome.Running));
        return (job, run);
    }

    private async Task<JobRun> ExecuteAsync(IPortalJob registered, JobRun run, CancellationToken ct)
    {
        var key = LeaseKey(run.JobName, run.ConnectionId);
        var progress = new LiveProgress(this, run);
        using var renewal = new CancellationTokenSource();
        var renewing = RenewLeaseAsync(key, renewal.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var job = scope.ServiceProvider.GetServices<IPortalJob>().First(j => j.Name == registered.Name);
            run.Summary = await job.RunAsync(new JobContext(run.ConnectionId, progress, run.TriggeredBy), ct);
            run.Outcome = JobOutcome.Succeeded;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Job {Job} for connection {ConnectionId} failed", run.JobName, run.ConnectionId);
            run.Outcome = JobOutcome.Failed;
            // A job that stopped on Zoom's refusal says so in the portal's words (connection health quotes this text).
            run.Error = ZoomRefusal.From(ex, clock)?.Text ?? ex.Message;
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
        run.EndedAt = clock.GetUtcNow();
        progress.Complete();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            db.JobRuns.Update(run);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            await ReleaseAsync(key);
            var done = new JobProgress(run.Outcome == JobOutcome.Succeeded ? run.Summary ?? "Done." : run.Error ?? "Failed.", 1);
            Publish(new LiveJobStatus(run.JobName, run.ConnectionId, run.Id, false, done, run.Outcome));
        }
        return run;
    }

    private async Task ReleaseAsync(string key)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.JobLeases.Where(l => l.Key == key && l.Holder == _instance).ExecuteDeleteAsync(CancellationToken.None);
        }
        finally
        {
            _claimed.TryRemove(key, out _);
        }
    }

    private async Task<bool> TryTakeLeaseAsync(string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.JobLeases
            .Where(l => l.Key == key && (l.Holder == _instance || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, _instance).SetProperty(l => l.ExpiresAt, now + _leaseLength), ct);
        if (taken == 1)
        {
            return true;
        }
        db.JobLeases.Add(new JobLease { Key = key, Holder = _instance, ExpiresAt = now + _leaseLength });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private async Task RenewLeaseAsync(string key, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(_heartbeat, clock, ct);
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync(ct);
                    var until = clock.GetUtcNow() + _leaseLength;
                    var renewed = await db.JobLeases.Where(l => l.Key == key && l.Holder == _instance)
                        .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), ct);
                    if (renewed == 0)
                    {
                        logger.LogWarning("Job lease {Key} was taken over by another instance while this run was still going", key);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One missed heartbeat is harmless: the lease lasts several intervals.
                    logger.LogWarning(ex, "Could not renew job lease {Key}", key);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Publish(LiveJobStatus status)
    {
        _live[LeaseKey(status.JobName, status.ConnectionId)] = status;
        Changed?.Invoke(status);
    }

    private static List<IPortalJob> ListJobs(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetServices<IPortalJob>().OrderBy(j => j.Name, StringComparer.Ordinal).ToList();
    }

    private readonly record struct Optional(long? Value);

    internal static string LeaseKey(string jobName, int? connectionId) =>
        connectionId is null ? jobName : $"{jobName}:{connectionId}";

    /// <summary>Publishes synchronously (Progress&lt;T&gt; posts later and could overwrite the final state) and ignores late reports.</summary>
    private sealed class LiveProgress(JobRunner runner, JobRun run) : IProgress<JobProgress>
    {
        private volatile bool _completed;

        public void Report(JobProgress value)
        {
            if (!_completed)
            {
                runner.Publish(new LiveJobStatus(run.JobName, run.ConnectionId, run.Id, true, value, JobOutcome.Running));
            }
        }

        public void Complete() => _completed = true;
    }
}
