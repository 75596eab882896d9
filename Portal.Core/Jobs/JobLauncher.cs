using Portal.Core.Identity;

namespace Portal.Core.Jobs;

/// <summary>A person's "run now": administrators start any job, directors the jobs their pages offer; the run records who.</summary>
public interface IJobLauncher
{
    /// <summary>Starts a run in the background; null when one is already running.</summary>
    Task<long?> StartAsync(string jobName, int? connectionId, CancellationToken ct = default);
}

public sealed class JobLauncher(IJobRunner runner, ICurrentActor currentActor) : IJobLauncher
{
    public async Task<long?> StartAsync(string jobName, int? connectionId, CancellationToken ct = default)
    {
        var job = runner.Jobs.FirstOrDefault(j => j.Name == jobName)
            ?? throw new ArgumentException($"No job named '{jobName}'.", nameof(jobName));
        var actor = job.DirectorsMayStart
            ? await currentActor.RequireDirectorAsync("Only directors and administrators can start this job.")
            : await currentActor.RequireAdminAsync("Only IT administrators can start background jobs.");
        return await runner.StartAsync(jobName, connectionId, actor.Email ?? actor.Name, ct);
    }
}
