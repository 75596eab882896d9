namespace Portal.Core.Zoom;

internal sealed partial class ZoomClient
{
    public async Task<ZoomTokenInfo> GetTokenInfoAsync(ZoomTarget target, CancellationToken ct = default)
    {
        var t = await tokens.GetAsync(target, rejected: null, ct);
        return new ZoomTokenInfo(t.Scopes, t.ApiUrl, t.ExpiresAt);
    }

    public void ForgetToken(ZoomTarget target) => tokens.Forget(target);

    public Uri BuildAuthorizeUrl(string state, string codeChallenge)
    {
        var (clientId, _) = tokens.OAuthApp();
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectUri(),
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        };
        return new Uri(endpoints.OAuthBase + "/oauth/authorize?" + Query(query), UriKind.Absolute);
    }

    public Task<ZoomOAuthTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct = default) =>
        tokens.ExchangeCodeAsync(code, codeVerifier, RedirectUri(), ct);

    public Task<ZoomOAuthTokens> RefreshLinkAsync(LinkedAccountTarget target, CancellationToken ct = default) =>
        tokens.RefreshLinkAsync(target, ct);

    public Task RevokeAsync(string accessToken, CancellationToken ct = default) => tokens.RevokeAsync(accessToken, ct);

    private string RedirectUri()
    {
        var configured = _options.OAuthApp.RedirectUri;
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException("Zoom:OAuthApp:RedirectUri is not configured.");
        }
        return configured.StartsWith('/') ? endpoints.PortalBase + configured : configured;
    }
}
