namespace Portal.Core.Features.Usage;

/// <summary>The audit action names of the usage dashboard; stored in the audit log, so a value never changes.</summary>
public static class UsageAuditActions
{
    public const string Refresh = "usage.refresh";
}
