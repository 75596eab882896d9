namespace Portal.Core.Jobs;

public enum JobOutcome
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    Skipped = 3,

    /// <summary>The process running it stopped (crash, kill, restart) before the run ended; its lease was left to expire.</summary>
    Interrupted = 4,
}

public sealed class JobRun
{
    public long Id { get; set; }
    public required string JobName { get; set; }
    public int? ConnectionId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public JobOutcome Outcome { get; set; }
    public string? Error { get; set; }
    public string? Summary { get; set; }
    public required string TriggeredBy { get; set; }
}

/// <summary>A lease that makes one run of a job per connection at a time across portal instances.</summary>
public sealed class JobLease
{
    /// <summary>"{job}" or "{job}:{connectionId}".</summary>
    public required string Key { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
