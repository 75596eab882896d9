namespace Portal.Core.Features.Connections;

/// <summary>The audit action names of Zoom connections; stored in the audit log, so a value never changes.</summary>
public static class ConnectionAuditActions
{
    public const string Created = "connection.created";
    public const string CredentialsReplaced = "connection.credentials-replaced";
    public const string Verified = "connection.verified";
    public const string Renamed = "connection.renamed";
    public const string SecretRotationRefused = "connection.secret-rotation-refused";
    public const string SecretRotated = "connection.secret-rotated";
    public const string Deleted = "connection.deleted";
    public const string LinkStarted = "connection.link-started";
    public const string LinkFailed = "connection.link-failed";
    public const string Linked = "connection.linked";
    public const string Relinked = "connection.relinked";
    public const string Unlinked = "connection.unlinked";
    public const string LinkRefreshed = "connection.link-refreshed";
    public const string LinkRefreshFailed = "connection.link-refresh-failed";
    public const string Provisioned = "connection.provisioned";
    public const string ConfigurationUpdated = "connection.configuration-updated";
    public const string DisabledByConfiguration = "connection.disabled-by-configuration";
    public const string Deauthorized = "connection.deauthorized";
}
