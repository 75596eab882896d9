namespace Portal.Core.Features.Notifications;

/// <summary>The audit action names of people's e-mail preferences; stored in the audit log, so a value never changes.</summary>
public static class NotificationPreferenceAuditActions
{
    public const string Saved = "notifications.preferences-saved";
}
