namespace Portal.Core.Features.Connections;

/// <summary>
/// One "Link a Zoom account" round trip: the OAuth state (stored as a hash), the browser it is bound to (hash of a cookie
/// value), the PKCE verifier (encrypted), who started it and when it lapses. Used once.
/// </summary>
public sealed class ZoomLinkAttempt
{
    public long Id { get; set; }
    public required string StateHash { get; set; }
    public required string BrowserBindingHash { get; set; }
    public required string EncryptedCodeVerifier { get; set; }
    public string? StartedByObjectId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
