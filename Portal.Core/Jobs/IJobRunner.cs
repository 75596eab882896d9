namespace Portal.Core.Jobs;

/// <summary>Runs registered jobs on schedule or on demand, one run per job and connection at a time.</summary>
public interface IJobRunner
{
    IReadOnlyList<JobInfo> Jobs { get; }

    /// <summary>Starts a run in the background; null when one is already running here or on another instance.</summary>
    Task<long?> StartAsync(string jobName, int? connectionId, string triggeredBy, CancellationToken ct = default);

    /// <summary>Runs and waits for the outcome.</summary>
    Task<JobRun> RunAsync(string jobName, int? connectionId, string triggeredBy, CancellationToken ct = default);

    /// <summary>Live state of a running job, or null.</summary>
    LiveJobStatus? GetLive(string jobName, int? connectionId);

    /// <summary>Raised on progress and when a run ends; handlers must be quick and thread-safe.</summary>
    event Action<LiveJobStatus>? Changed;
}

/// <summary>A registered job's description (jobs themselves are scoped services, created per run).</summary>
public sealed record JobInfo(string Name, string DefaultSchedule, bool PerConnection);

public sealed record LiveJobStatus(string JobName, int? ConnectionId, long RunId, bool Running, JobProgress Progress, JobOutcome Outcome);
