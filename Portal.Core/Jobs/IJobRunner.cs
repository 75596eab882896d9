namespace Portal.Core.Jobs;

/// <summary>Runs registered jobs on schedule or on demand, one run per job and connection at a time.</summary>
public interface IJobRunner
{
    IReadOnlyList<IPortalJob> Jobs { get; }

    /// <summary>Starts a run in the background; null when one is already running here or on another instance.</summary>
    Task<long?> StartAsync(string jobName, int? connectionId, string triggeredBy, CancellationToken ct = default);

    /// <summary>
    /// The scheduler's start: like <see cref="StartAsync"/>, but only when no run of the job for the connection was recorded
    /// after <paramref name="lastSeenRunId"/> (checked while holding the lease). Two instances' schedulers that both saw the
    /// job due therefore start it once, even when the first run has already ended by the time the second looks.
    /// </summary>
    Task<long?> StartScheduledAsync(string jobName, int? connectionId, long? lastSeenRunId, CancellationToken ct = default) =>
        StartAsync(jobName, connectionId, JobRunner.ScheduleTrigger, ct);

    /// <summary>Runs and waits for the outcome.</summary>
    Task<JobRun> RunAsync(string jobName, int? connectionId, string triggeredBy, CancellationToken ct = default);

    /// <summary>Live state of a running job, or null.</summary>
    LiveJobStatus? GetLive(string jobName, int? connectionId);

    /// <summary>Raised on progress and when a run ends; handlers must be quick and thread-safe.</summary>
    event Action<LiveJobStatus>? Changed;
}

public sealed record LiveJobStatus(string JobName, int? ConnectionId, long RunId, bool Running, JobProgress Progress, JobOutcome Outcome);
