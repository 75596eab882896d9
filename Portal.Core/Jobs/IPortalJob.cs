using Portal.Core.Features.Connections;

namespace Portal.Core.Jobs;

/// <summary>A unit of background work that the job runner schedules and runs.</summary>
public interface IPortalJob
{
    /// <summary>Stable name; its schedule is read from <c>Jobs:{Name}:Schedule</c>.</summary>
    string Name { get; }

    /// <summary>Default schedule when configuration gives none, e.g. "daily 02:00" or "01:00:00".</summary>
    string DefaultSchedule { get; }

    /// <summary>One sentence for administrators on the Background jobs page: what the job does and why.</summary>
    string? Description => null;

    /// <summary>True when the job runs once per enabled Zoom connection.</summary>
    bool PerConnection { get; }

    /// <summary>
    /// For per-connection jobs that act on the whole Zoom account: the scheduler skips connections whose permissions cover
    /// one user only (a run started by hand still refuses and says why).
    /// </summary>
    AccountWideFeature? NeedsWholeAccount => null;

    /// <summary>Whether directors may start it by hand (see <see cref="IJobLauncher"/>); otherwise administrators only.</summary>
    bool DirectorsMayStart => false;

    /// <summary>Runs once; returns a one-line summary for the run record.</summary>
    Task<string?> RunAsync(JobContext context, CancellationToken ct);
}

public sealed record JobContext(int? ConnectionId, IProgress<JobProgress> Progress, string TriggeredBy);

public sealed record JobProgress(string Message, double? Fraction = null);
