namespace Portal.Core.Features.Recordings;

/// <summary>The audit action names of recordings and their shares; stored in the audit log, so a value never changes.</summary>
public static class RecordingAuditActions
{
    public const string DeletedToTrash = "recordings.deleted-to-trash";
    public const string DeletedPermanently = "recordings.deleted-permanently";
    public const string Recovered = "recordings.recovered";
    public const string FileOpened = "recordings.file.opened";
    public const string CleanupDeletedToTrash = "recordings.cleanup.deleted-to-trash";
    public const string CleanupDeletedPermanently = "recordings.cleanup.deleted-permanently";
    public const string ShareCreated = "recordings.share.created";
    public const string ShareRevoked = "recordings.share.revoked";
    public const string ShareViewed = "recordings.share.viewed";
    public const string ShareStreamed = "recordings.share.streamed";
}
