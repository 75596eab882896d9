namespace Portal.Core.Zoom;

/// <summary>
/// Tokens and the portal's OAuth app: what connections and account links need. Errors surface as
/// <see cref="ZoomOAuthException"/>, <see cref="ZoomApiException"/> or <see cref="ZoomUnavailableException"/>.
/// </summary>
public interface IZoomOAuth
{
    /// <summary>Gets (or reuses) a token and reports its scopes and API URL.</summary>
    Task<ZoomTokenInfo> GetTokenInfoAsync(ZoomTarget target, CancellationToken ct = default);

    /// <summary>Forgets the cached token of a connection (after credentials change or unlink).</summary>
    void ForgetToken(ZoomTarget target);

    /// <summary>Zoom's authorize URL for the portal's OAuth app, with state and the PKCE challenge (S256).</summary>
    Uri BuildAuthorizeUrl(string state, string codeChallenge);

    /// <summary>Exchanges an authorization code (sending the PKCE verifier) for tokens.</summary>
    Task<ZoomOAuthTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct = default);

    /// <summary>Refreshes a linked account's tokens now (rotation), serialised per link, stored through the token store.</summary>
    Task<ZoomOAuthTokens> RefreshLinkAsync(LinkedAccountTarget target, CancellationToken ct = default);

    /// <summary>Revokes a token at Zoom (the token goes in the form body, never the URL).</summary>
    Task RevokeAsync(string accessToken, CancellationToken ct = default);
}
