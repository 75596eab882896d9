namespace Portal.Core.Jobs;

/// <summary>
/// Bound from <c>Jobs</c>: how long a run's lease lasts and how often the running instance renews it. A lease that is not
/// renewed within <see cref="LeaseDuration"/> belongs to a process that is gone; its run is then closed as Interrupted.
/// </summary>
public sealed class JobLeaseOptions
{
    public const string Section = "Jobs";

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(90);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(20);

    public const string Invalid =
        "Jobs:HeartbeatInterval must be positive and Jobs:LeaseDuration at least twice as long (defaults 00:00:20 and 00:01:30).";

    public bool IsValid => HeartbeatInterval > TimeSpan.Zero && LeaseDuration >= HeartbeatInterval * 2;
}
