namespace Portal.Core.Zoom;

/// <summary>
/// The Zoom connection a call is made for: it travels with each request (nothing reads HttpContext).
/// <see cref="Key"/> identifies the token cache, rate limiters and call statistics.
/// </summary>
public abstract record ZoomTarget(string Key);

/// <summary>A Server-to-Server OAuth app: token by <c>grant_type=account_credentials</c>.</summary>
public sealed record ServerToServerTarget(string Key, string AccountId, string ClientId, string ClientSecret) : ZoomTarget(Key)
{
    /// <summary>Credentials being verified in the wizard, not yet saved.</summary>
    public static ServerToServerTarget Unsaved(string accountId, string clientId, string clientSecret) =>
        new($"unsaved:{Guid.NewGuid():N}", accountId, clientId, clientSecret);

    public static ServerToServerTarget ForConnection(int connectionId, string accountId, string clientId, string clientSecret) =>
        new($"connection:{connectionId}", accountId, clientId, clientSecret);

    // Keep the secret out of logs and exception messages.
    public override string ToString() => $"ServerToServer {{ Key = {Key}, AccountId = {AccountId}, ClientId = {ClientId} }}";
}

/// <summary>An account linked through user OAuth; tokens come from and go back to <see cref="IZoomLinkTokenStore"/>.</summary>
public sealed record LinkedAccountTarget(int ConnectionId) : ZoomTarget($"connection:{ConnectionId}")
{
    /// <summary>Whether the granted scopes are account-wide (":admin"); if not, calls use "me".</summary>
    public bool AccountWide { get; init; } = true;
}
