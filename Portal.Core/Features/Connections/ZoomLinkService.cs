using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Audit;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>Linking a Zoom account through user OAuth (authorization code + PKCE), refreshing and unlinking it.</summary>
public interface IZoomLinkService
{
    /// <summary>Whether the portal's own Zoom OAuth app is configured (Zoom:OAuthApp).</summary>
    bool IsConfigured { get; }

    /// <summary>Starts a link: a single-use state bound to the browser (by <see cref="LinkStart.BrowserBinding"/>, kept in a cookie) and a PKCE pair.</summary>
    Task<LinkStart> StartAsync(string? actorObjectId, CancellationToken ct = default);

    /// <summary>Handles Zoom's redirect back; stores nothing unless every check passes and Zoom says who linked.</summary>
    Task<LinkOutcome> CompleteAsync(LinkCallback callback, CancellationToken ct = default);

    /// <summary>Revokes the token at Zoom and deletes every stored credential and cached Zoom data of the account, even if the revoke fails.</summary>
    Task<UnlinkOutcome> UnlinkAsync(int connectionId, CancellationToken ct = default);

    /// <summary>Refreshes a link's tokens now (rotation).</summary>
    Task<ConnectionResult> RefreshAsync(int connectionId, CancellationToken ct = default);
}

public sealed record LinkStart(Uri AuthorizeUrl, string BrowserBinding, DateTimeOffset ExpiresAt);

public sealed record LinkCallback(string? State, string? Code, string? Error, string? ErrorDescription, string? BrowserBinding, string? ActorObjectId);

public enum LinkFailure
{
    None = 0,
    Denied = 1,
    UnknownState = 2,
    WrongBrowser = 3,
    Replayed = 4,
    Expired = 5,
    OtherAdministrator = 6,
    ExchangeFailed = 7,
    IdentityFailed = 8,
    NotConfigured = 9,

    /// <summary>Another connection already holds the Zoom account (<see cref="LinkOutcome.ConnectionId"/> names it).</summary>
    AccountAlreadyConnected = 10,
}

/// <summary>The result of a link; when refused with <see cref="LinkFailure.AccountAlreadyConnected"/>, ConnectionId is the holder.</summary>
public sealed record LinkOutcome(LinkFailure Failure, int? ConnectionId = null, bool Updated = false, string? ZoomError = null, string? ZoomReason = null)
{
    public bool Succeeded => Failure == LinkFailure.None;
}

public sealed record UnlinkOutcome(bool Succeeded, bool RevokedAtZoom, string Message, string? RevokeProblem = null, string? LinkedByEmail = null);

public sealed class ZoomLinkOptions
{
    public const string Section = "Zoom:Link";

    /// <summary>How long a started link may take before its state lapses.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long unlinking waits for Zoom to confirm the revoke before it deletes the tokens anyway.</summary>
    public TimeSpan RevokeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class ZoomLinkService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomOAuth zoom,
    IZoomUsers zoomUsers,
    ZoomLinkTokenStore tokenStore,
    LinkRevocation revocation,
    ISecretProtector protector,
    IAuditLog audit,
    ConnectionAlerts alerts,
    ICurrentActor currentActor,
    IOptions<ZoomOptions> zoomOptions,
    IOptions<ZoomLinkOptions> linkOptions,
    TimeProvider clock,
    ILogger<ZoomLinkService> logger) : IZoomLinkService
{
    public bool IsConfigured => zoomOptions.Value.OAuthApp.IsConfigured;

    public async Task<LinkStart> StartAsync(string? actorObjectId, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        if (!IsConfigured)
        {
            throw new InvalidOperationException("The portal's Zoom OAuth app is not configured (Zoom:OAuthApp:ClientId and ClientSecret).");
        }
        var state = RandomToken();
        var binding = RandomToken();
        var verifier = RandomToken();
        var now = clock.GetUtcNow();
        var expires = now + linkOptions.Value.StateLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ZoomLinkAttempts.Where(a => a.ExpiresAt < now.AddDays(-1)).ExecuteDeleteAsync(ct);
        db.ZoomLinkAttempts.Add(new ZoomLinkAttempt
        {
            StateHash = Hash(state),
            BrowserBindingHash = Hash(binding),
            EncryptedCodeVerifier = protector.Protect(verifier),
            StartedByObjectId = actorObjectId,
            CreatedAt = now,
            ExpiresAt = expires,
        });
        await audit.AddAsync(db, ConnectionAuditActions.LinkStarted, AuditTarget.ZoomLink(), null, new { ExpiresAt = expires }, null);
        await db.SaveChangesAsync(ct);
        return new LinkStart(zoom.BuildAuthorizeUrl(state, Challenge(verifier)), binding, expires);
    }

    public async Task<LinkOutcome> CompleteAsync(LinkCallback callback, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var outcome = await CompleteCoreAsync(callback, ct);
        if (!outcome.Succeeded)
        {
            logger.LogInformation("Zoom link refused: {Failure} {ZoomError}", outcome.Failure, outcome.ZoomError);
            await audit.WriteAsync(ConnectionAuditActions.LinkFailed, AuditTarget.ZoomLink(), null,
                new { Reason = outcome.Failure.ToString(), outcome.ZoomError, outcome.ZoomReason }, null, ct);
        }
        return outcome;
    }

    private async Task<LinkOutcome> CompleteCoreAsync(LinkCallback callback, CancellationToken ct)
    {
        if (!IsConfigured)
        {
            return new LinkOutcome(LinkFailure.NotConfigured);
        }
        if (string.IsNullOrEmpty(callback.State) || callback.State.Length > 200)
        {
            return new LinkOutcome(LinkFailure.UnknownState);
        }
        var now = clock.GetUtcNow();
        var stateHash = Hash(callback.State);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attempt = await db.ZoomLinkAttempts.AsNoTracking().FirstOrDefaultAsync(a => a.StateHash == stateHash, ct);
        if (attempt is null)
        {
            return new LinkOutcome(LinkFailure.UnknownState);
        }
        // Consume first: whatever happens next, this state never works again.
        var consumed = await db.ZoomLinkAttempts.Where(a => a.Id == attempt.Id && a.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UsedAt, now), ct);
        if (consumed == 0)
        {
            return new LinkOutcome(LinkFailure.Replayed);
        }
        if (string.IsNullOrEmpty(callback.BrowserBinding)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(callback.BrowserBinding)), Encoding.ASCII.GetBytes(attempt.BrowserBindingHash)))
        {
            return new LinkOutcome(LinkFailure.WrongBrowser);
        }
        if (attempt.ExpiresAt <= now)
        {
            return new LinkOutcome(LinkFailure.Expired);
        }
        if (attempt.StartedByObjectId != callback.ActorObjectId)
        {
            return new LinkOutcome(LinkFailure.OtherAdministrator);
        }
        if (!string.IsNullOrEmpty(callback.Error))
        {
            return callback.Error == "access_denied"
                ? new LinkOutcome(LinkFailure.Denied, ZoomError: callback.Error, ZoomReason: callback.ErrorDescription)
                : new LinkOutcome(LinkFailure.ExchangeFailed, ZoomError: callback.Error, ZoomReason: callback.ErrorDescription);
        }
        if (string.IsNullOrEmpty(callback.Code))
        {
            return new LinkOutcome(LinkFailure.ExchangeFailed, ZoomReason: "Zoom sent no authorization code.");
        }

        ZoomOAuthTokens tokens;
        try
        {
            tokens = await zoom.ExchangeCodeAsync(callback.Code, protector.Unprotect(attempt.EncryptedCodeVerifier), ct);
        }
        catch (ZoomOAuthException ex)
        {
            return new LinkOutcome(LinkFailure.ExchangeFailed, ZoomError: ex.Error, ZoomReason: ex.Reason);
        }
        catch (Exception ex) when (ex is ZoomUnavailableException or ZoomApiException or HttpRequestException)
        {
            return new LinkOutcome(LinkFailure.ExchangeFailed, ZoomReason: ex is ZoomApiException api ? api.ZoomMessage : "Zoom could not be reached.");
        }

        var (me, latest) = await WhoLinkedAsync(tokens, ct);
        if (me?.AccountId is null || latest is null)
        {
            await revocation.TryRevokeAsync((latest ?? tokens).AccessToken, ct);
            return new LinkOutcome(LinkFailure.IdentityFailed, ZoomReason: "Zoom did not say which user and account approved the link.");
        }
        if (await HolderRefusingAsync(db, me.AccountId, latest, ct) is { } holder)
        {
            await revocation.TryRevokeAsync(latest.AccessToken, ct);
            logger.LogInformation("Zoom link of account {AccountId} refused: already connected as {ConnectionId}", me.AccountId, holder.Id);
            return new LinkOutcome(LinkFailure.AccountAlreadyConnected, holder.Id);
        }
        return await SaveLinkAsync(db, me, latest, ct);
    }

    private async Task<(ZoomUser? Me, ZoomOAuthTokens? Latest)> WhoLinkedAsync(ZoomOAuthTokens tokens, CancellationToken ct)
    {
        var pendingId = tokenStore.HoldPending(tokens);
        var target = new LinkedAccountTarget(pendingId) { AccountWide = ZoomScopes.AreAccountWide(tokens.Scope) };
        try
        {
            var me = await zoomUsers.GetUserAsync(target, "me", ct);
            return (me, tokenStore.ReleasePending(pendingId));
        }
        catch (Exception ex) when (ZoomRefusal.IsZoomFailure(ex))
        {
            logger.LogWarning("Zoom link: /users/me failed ({Type})", ex.GetType().Name);
            return (null, tokenStore.ReleasePending(pendingId));
        }
        finally
        {
            tokenStore.ReleasePending(pendingId);
            zoom.ForgetToken(target);
        }
    }

    /// <summary>
    /// A link may renew the account's existing link, but never sits next to a Server-to-Server app of the same account, and a
    /// user-level approval never replaces an account-wide link.
    /// </summary>
    private static async Task<AccountHolder?> HolderRefusingAsync(PortalDbContext db, string accountId, ZoomOAuthTokens tokens, CancellationToken ct)
    {
        var holders = await db.ZoomConnections.AsNoTracking().Where(c => c.AccountId == accountId).OrderBy(c => c.Id).ToListAsync(ct);
        var app = holders.FirstOrDefault(c => c.Kind == ConnectionKind.ServerToServer);
        if (app is not null)
        {
            return AccountHolder.From(app);
        }
        var link = holders.FirstOrDefault(c => c.Kind == ConnectionKind.OAuthLink);
        return link is not null && ZoomScopes.AreAccountWide(link.GrantedScopes) && !ZoomScopes.AreAccountWide(tokens.Scope)
            ? AccountHolder.From(link)
            : null;
    }

    private async Task<LinkOutcome> SaveLinkAsync(PortalDbContext db, ZoomUser me, ZoomOAuthTokens tokens, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var existing = await db.ZoomConnections.FirstOrDefaultAsync(c => c.Kind == ConnectionKind.OAuthLink && c.AccountId == me.AccountId, ct);
        var connection = existing ?? new ZoomConnection
        {
            Name = await ConnectionNames.UniqueNameAsync(db, $"Zoom account linked by {me.Email}", null, ct),
            Slug = await ConnectionNames.UniqueSlugAsync(db, $"linked-{me.AccountId}", ct),
            Kind = ConnectionKind.OAuthLink,
            AccountId = me.AccountId,
            CreatedAt = now,
        };
        var oldLinkedBy = existing?.LinkedByEmail;
        connection.EncryptedAccessToken = protector.Protect(tokens.AccessToken);
        connection.EncryptedRefreshToken = tokens.RefreshToken is null ? null : protector.Protect(tokens.RefreshToken);
        connection.AccessTokenExpiresAt = tokens.ExpiresAt;
        connection.RefreshTokenObtainedAt = now;
        connection.ApiUrl = tokens.ApiUrl;
        connection.GrantedScopes = string.Join(' ', tokens.Scopes.Order(StringComparer.Ordinal));
        connection.LinkedByZoomUserId = me.Id;
        connection.LinkedByEmail = me.Email;
        connection.Disabled = false;
        connection.DisabledReason = null;
        connection.LastVerifiedAt = now;
        connection.LastError = null;
        connection.LastErrorAt = null;
        if (existing is null)
        {
            db.ZoomConnections.Add(connection);
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            var accountWide = ZoomScopes.AreAccountWide(connection.GrantedScopes);
            await audit.AddAsync(db, existing is null ? ConnectionAuditActions.Linked : ConnectionAuditActions.Relinked, AuditTarget.Connection(connection.Id, connection.Name),
                existing is null ? null : new { LinkedBy = oldLinkedBy },
                new { connection.AccountId, LinkedBy = me.Email, AccountWide = accountWide, Scopes = connection.GrantedScopes },
                connection.Id);
            await alerts.ReviewAsync(db, connection, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        zoom.ForgetToken(new LinkedAccountTarget(connection.Id));
        logger.LogInformation("Zoom account {AccountId} linked as connection {ConnectionId} (updated: {Updated})", me.AccountId, connection.Id, existing is not null);
        return new LinkOutcome(LinkFailure.None, connection.Id, existing is not null);
    }

    public async Task<UnlinkOutcome> UnlinkAsync(int connectionId, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.ZoomConnections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == connectionId, ct);
        if (c is null || c.Kind != ConnectionKind.OAuthLink)
        {
            return new UnlinkOutcome(false, false, "This linked account no longer exists.");
        }
        var tokens = await tokenStore.LoadAsync(connectionId, ct);
        string? problem = null;
        var revoked = false;
        if (tokens is null)
        {
            problem = "The portal held no token for this account.";
        }
        else
        {
            problem = await revocation.TryRevokeAsync(tokens.AccessToken, ct);
            revoked = problem is null;
        }
        var dependencies = await db.StaffMembers.CountAsync(s => s.ConnectionId == connectionId, ct);
        await audit.AddAsync(db, ConnectionAuditActions.Unlinked, AuditTarget.Connection(c.Id, c.Name), new { c.AccountId, LinkedBy = c.LinkedByEmail },
            new
            {
                Revoke = revoked ? "revoked at Zoom" : "revoke failed; tokens deleted locally",
                RevokeProblem = problem,
                StaffUnassigned = dependencies,
            }, connectionId);
        await ConnectionService.RemoveConnectionDataAsync(db, connectionId, ct);
        zoom.ForgetToken(new LinkedAccountTarget(connectionId));
        var message = revoked
            ? $"\"{c.Name}\" is unlinked: Zoom revoked the portal's access and the portal deleted its tokens and cached Zoom data."
            : $"\"{c.Name}\" is unlinked in the portal: its tokens and cached Zoom data are deleted. Zoom did not confirm the revoke, so remove the app in Zoom too: "
              + RemoveAppInstructions;
        return new UnlinkOutcome(true, revoked, message, problem, c.LinkedByEmail);
    }

    public async Task<ConnectionResult> RefreshAsync(int connectionId, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.ZoomConnections.FirstOrDefaultAsync(x => x.Id == connectionId && x.Kind == ConnectionKind.OAuthLink, ct);
        if (c is null)
        {
            return ConnectionResult.Fail("This linked account no longer exists.");
        }
        try
        {
            var fresh = await zoom.RefreshLinkAsync(new LinkedAccountTarget(c.Id) { AccountWide = ZoomScopes.AreAccountWide(c.GrantedScopes) }, ct);
            await db.Entry(c).ReloadAsync(ct);
            c.LastError = null;
            c.LastErrorAt = null;
            c.LastVerifiedAt = clock.GetUtcNow();
            await audit.AddAsync(db, ConnectionAuditActions.LinkRefreshed, AuditTarget.Connection(c.Id, c.Name), null, new { ExpiresAt = fresh.ExpiresAt }, c.Id);
            await alerts.ReviewAsync(db, c, ct);
            await db.SaveChangesAsync(ct);
            return ConnectionResult.Ok(c.Id, "The link's tokens were renewed.");
        }
        catch (Exception ex) when (ZoomRefusal.From(ex, clock) is { } refusal)
        {
            // A link Zoom no longer accepts is the link's own state (health shows it); anything else is worded like every Zoom refusal.
            var message = ex is ZoomOAuthException { Error: "invalid_grant" }
                ? "Zoom no longer accepts this link (revoked, expired or replaced). Unlink it and link the account again."
                : refusal.Text;
            await db.Entry(c).ReloadAsync(ct);
            c.LastError = message;
            c.LastErrorAt = clock.GetUtcNow();
            await audit.AddAsync(db, ConnectionAuditActions.LinkRefreshFailed, AuditTarget.Connection(c.Id, c.Name), null, new { Error = message }, c.Id);
            await alerts.ReviewAsync(db, c, ct);
            await db.SaveChangesAsync(ct);
            return ConnectionResult.Fail(message);
        }
    }

    /// <summary>Where an administrator removes the portal's app in Zoom when the revoke was not confirmed.</summary>
    public const string RemoveAppInstructions =
        "sign in to the Zoom App Marketplace (marketplace.zoom.us) as the user who linked the account, open Manage → Installed Apps, find the portal's app and click Remove.";

    internal static string RandomToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    internal static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    internal static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private Task<Actor> RequireAdminAsync() => currentActor.RequireAdminAsync("Only IT administrators can link, refresh or unlink Zoom accounts.");
}
