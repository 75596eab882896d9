namespace Portal.Core.Features.Connections;

public enum ConnectionKind
{
    ServerToServer = 0,
    OAuthLink = 1,
}

public sealed class ZoomConnection
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>URL-safe unique name, used in webhook URLs.</summary>
    public required string Slug { get; set; }

    public ConnectionKind Kind { get; set; }
    public string? AccountId { get; set; }
    public string? ClientId { get; set; }

    /// <summary>Data Protection ciphertext; never rendered.</summary>
    public string? EncryptedClientSecret { get; set; }

    public string? EncryptedAccessToken { get; set; }
    public string? EncryptedRefreshToken { get; set; }
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }
    public DateTimeOffset? RefreshTokenObtainedAt { get; set; }
    public string? ApiUrl { get; set; }

    public string? EncryptedWebhookSecretToken { get; set; }

    /// <summary>Space-separated scopes from the last token response.</summary>
    public string GrantedScopes { get; set; } = "";

    public string? LinkedByZoomUserId { get; set; }
    public string? LinkedByEmail { get; set; }

    public bool ManagedByConfiguration { get; set; }
    public bool Disabled { get; set; }
    public string? DisabledReason { get; set; }

    /// <summary>For single-sign-on institutions: match staff on username + this domain.</summary>
    public string? UsernameMatchDomain { get; set; }

    /// <summary>A session's recording is published on the client's page (for the default time) as soon as Zoom reports it completed.</summary>
    public bool AutoPublishRecordings { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastVerifiedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
}
