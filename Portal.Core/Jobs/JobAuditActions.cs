namespace Portal.Core.Jobs;

/// <summary>The audit action names of background jobs; stored in the audit log, so a value never changes.</summary>
public static class JobAuditActions
{
    public const string RunNow = "job.run-now";
}
