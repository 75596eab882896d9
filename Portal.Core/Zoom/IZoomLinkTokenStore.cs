namespace Portal.Core.Zoom;

/// <summary>Persistence of a linked account's OAuth tokens (implemented by the Connections feature, encrypted at rest).</summary>
public interface IZoomLinkTokenStore
{
    Task<ZoomOAuthTokens?> LoadAsync(int connectionId, CancellationToken ct);

    /// <summary>Stores a rotated pair atomically: access and refresh token together or neither.</summary>
    Task SaveAsync(int connectionId, ZoomOAuthTokens tokens, CancellationToken ct);
}
