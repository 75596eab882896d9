namespace Portal.Core.Features.Notifications;

/// <summary>The audit action names of the outbox; stored in the audit log, so a value never changes.</summary>
public static class EmailAuditActions
{
    public const string Resent = "email.resent";
    public const string TestSent = "email.test-sent";
}
