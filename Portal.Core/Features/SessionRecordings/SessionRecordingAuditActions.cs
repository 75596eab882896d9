namespace Portal.Core.Features.SessionRecordings;

/// <summary>The audit action names of session recordings; stored in the audit log, so a value never changes.</summary>
public static class SessionRecordingAuditActions
{
    public const string Tied = "session.recording-tied";
    public const string Published = "session.recording-published";
    public const string Unpublished = "session.recording-unpublished";
    public const string GoneInZoom = "session.recording-gone-in-zoom";
    public const string RecoveredInZoom = "session.recording-recovered-in-zoom";
    public const string Streamed = "session.recording-streamed";
    public const string AutoPublishChanged = "connection.recording-auto-publish-changed";
}
