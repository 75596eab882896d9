using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>
/// Linked accounts' OAuth tokens, encrypted with <see cref="ISecretProtector"/>. A rotated pair is written in one UPDATE.
/// Tokens of a link still being completed (who linked is not known yet) are held in memory under a negative id and never
/// reach the database unless the link completes.
/// </summary>
public sealed class ZoomLinkTokenStore(IDbContextFactory<PortalDbContext> dbFactory, ISecretProtector protector, TimeProvider clock) : IZoomLinkTokenStore
{
    private static int s_nextPendingId;
    private readonly ConcurrentDictionary<int, ZoomOAuthTokens> _pending = new();

    public async Task<ZoomOAuthTokens?> LoadAsync(int connectionId, CancellationToken ct)
    {
        if (connectionId < 0)
        {
            return _pending.TryGetValue(connectionId, out var held) ? held : null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ZoomConnections.AsNoTracking().Where(c => c.Id == connectionId && c.Kind == ConnectionKind.OAuthLink)
            .Select(c => new { c.EncryptedAccessToken, c.EncryptedRefreshToken, c.AccessTokenExpiresAt, c.GrantedScopes, c.ApiUrl })
            .FirstOrDefaultAsync(ct);
        if (row?.EncryptedAccessToken is null)
        {
            return null;
        }
        return new ZoomOAuthTokens(
            protector.Unprotect(row.EncryptedAccessToken),
            row.EncryptedRefreshToken is null ? null : protector.Unprotect(row.EncryptedRefreshToken),
            row.AccessTokenExpiresAt ?? DateTimeOffset.MinValue,
            row.GrantedScopes,
            row.ApiUrl);
    }

    public async Task SaveAsync(int connectionId, ZoomOAuthTokens tokens, CancellationToken ct)
    {
        if (connectionId < 0)
        {
            _pending[connectionId] = tokens;
            return;
        }
        var access = protector.Protect(tokens.AccessToken);
        var refresh = tokens.RefreshToken is null ? null : protector.Protect(tokens.RefreshToken);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ZoomConnections.Where(c => c.Id == connectionId && c.Kind == ConnectionKind.OAuthLink);
        var updated = refresh is null
            ? await query.ExecuteUpdateAsync(s => s
                .SetProperty(c => c.EncryptedAccessToken, access)
                .SetProperty(c => c.AccessTokenExpiresAt, tokens.ExpiresAt)
                .SetProperty(c => c.GrantedScopes, tokens.Scope)
                .SetProperty(c => c.ApiUrl, tokens.ApiUrl), ct)
            : await query.ExecuteUpdateAsync(s => s
                .SetProperty(c => c.EncryptedAccessToken, access)
                .SetProperty(c => c.EncryptedRefreshToken, refresh)
                .SetProperty(c => c.AccessTokenExpiresAt, tokens.ExpiresAt)
                .SetProperty(c => c.RefreshTokenObtainedAt, now)
                .SetProperty(c => c.GrantedScopes, tokens.Scope)
                .SetProperty(c => c.ApiUrl, tokens.ApiUrl), ct);
        if (updated == 0)
        {
            throw new InvalidOperationException($"Zoom connection {connectionId} is not a linked account (it may have been unlinked).");
        }
    }

    /// <summary>Holds the tokens of a link being completed; returns the temporary (negative) id to use as a target.</summary>
    internal int HoldPending(ZoomOAuthTokens tokens)
    {
        var id = Interlocked.Decrement(ref s_nextPendingId);
        _pending[id] = tokens;
        return id;
    }

    internal ZoomOAuthTokens? ReleasePending(int id) => _pending.TryRemove(id, out var tokens) ? tokens : null;
}
