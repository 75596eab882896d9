using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Jobs;

/// <summary>Recorded runs of background jobs, for the Background jobs page.</summary>
public interface IJobHistory
{
    /// <summary>The newest runs, newest first; optionally of one job only.</summary>
    Task<IReadOnlyList<JobRun>> RecentAsync(string? jobName = null, int take = 50, CancellationToken ct = default);
}

public sealed class JobHistory(IDbContextFactory<PortalDbContext> dbFactory, ICurrentActor currentActor) : IJobHistory
{
    public async Task<IReadOnlyList<JobRun>> RecentAsync(string? jobName = null, int take = 50, CancellationToken ct = default)
    {
        await currentActor.RequireAdminAsync("Only IT administrators can see the background jobs' runs.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = db.JobRuns.AsNoTracking();
        if (jobName is not null)
        {
            runs = runs.Where(r => r.JobName == jobName);
        }
        return await runs.OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }
}
