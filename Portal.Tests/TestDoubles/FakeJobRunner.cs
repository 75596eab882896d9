using System.Collections.Concurrent;
using Portal.Core.Jobs;

namespace Portal.Tests.TestDoubles;

/// <summary>Records what is started instead of running it; live progress is raised by the test.</summary>
public sealed class FakeJobRunner(params IPortalJob[] jobs) : IJobRunner
{
    private LiveJobStatus? _live;

    public ConcurrentQueue<(string Job, int? ConnectionId)> Started { get; } = new();

    public IReadOnlyList<IPortalJob> Jobs { get; } = jobs;

    public event Action<LiveJobStatus>? Changed;

    public Task<long?> StartAsync(string jobName, int? connectionId, string triggeredBy, CancellationToken ct = default)
    {
        Started.Enqueue((jobName, connectionId));
        return Task.FromResult<long?>(Started.Count);
    }

    public async Task<JobRun> RunAsync(string jobName, int? connectionId, string triggeredBy, CancellationToken ct = default)
    {
        var id = await StartAsync(jobName, connectionId, triggeredBy, ct);
        return new JobRun { Id = id!.Value, JobName = jobName, ConnectionId = connectionId, TriggeredBy = triggeredBy, Outcome = JobOutcome.Succeeded };
    }

    public LiveJobStatus? GetLive(string jobName, int? connectionId) =>
        _live is { } live && live.JobName == jobName && live.ConnectionId == connectionId ? live : null;

    /// <summary>A progress report or the end of a run, as the real runner raises it.</summary>
    public void Raise(LiveJobStatus status)
    {
        _live = status;
        Changed?.Invoke(status);
    }
}
