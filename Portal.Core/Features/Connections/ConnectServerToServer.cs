using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Audit;
using Portal.Core.Identity;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>
/// Connecting a Zoom account through a Server-to-Server OAuth app (administrators): the wizard's live verification, the
/// new connection, and moving an existing connection of the same account to another app.
/// </summary>
public sealed class ConnectServerToServer(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomOAuth zoom,
    IConnectionVerifier verifier,
    LinkRevocation revocation,
    ISecretProtector protector,
    IAuditLog audit,
    ConnectionAlerts alerts,
    ICurrentActor currentActor,
    IValidator<ServerToServerCredentials> validator,
    TimeProvider clock,
    ILogger<ConnectServerToServer> logger)
{
    public async Task<VerificationResult> VerifyNewAsync(ServerToServerCredentials credentials, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var c = credentials.Cleaned();
        var target = ServerToServerTarget.Unsaved(c.AccountId, c.ClientId, c.ClientSecret);
        VerificationResult result;
        try
        {
            result = await verifier.VerifyAsync(target, ct);
        }
        finally
        {
            zoom.ForgetToken(target);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return result with { AlreadyConnectedAs = await AccountHolder.FindAsync(db, c.AccountId, ct) };
    }

    public async Task<ConnectionResult> CreateAsync(ServerToServerCredentials credentials, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var c = credentials.Cleaned();
        var validation = await validator.ValidateAsync(c, ct);
        if (!validation.IsValid)
        {
            return ConnectionResult.Fail(string.Join(" ", validation.Errors.Select(e => e.ErrorMessage)));
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.ZoomConnections.AnyAsync(x => x.Name == c.Name, ct))
            {
                return ConnectionResult.Fail($"A connection named \"{c.Name}\" already exists. Choose another display name.");
            }
            if (await AccountHolder.FindAsync(db, c.AccountId, ct) is { } holder)
            {
                return ConnectionResult.Fail(holder.WizardExplanation(c.ClientId));
            }
        }

        var verification = await VerifyNewAsync(c, ct);
        if (!verification.Passed)
        {
            return ConnectionResult.Fail("The credentials did not pass verification, so nothing was saved. " + verification.HealthError, verification);
        }

        await using var save = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var entity = new ZoomConnection
        {
            Name = c.Name,
            Slug = await ConnectionNames.UniqueSlugAsync(save, c.Name, ct),
            Kind = ConnectionKind.ServerToServer,
            AccountId = c.AccountId,
            ClientId = c.ClientId,
            EncryptedClientSecret = protector.Protect(c.ClientSecret),
            GrantedScopes = string.Join(' ', verification.GrantedScopes.Order(StringComparer.Ordinal)),
            CreatedAt = now,
            LastVerifiedAt = verification.CheckedAt,
        };
        save.ZoomConnections.Add(entity);
        await using (var tx = await save.Database.BeginTransactionAsync(ct))
        {
            await save.SaveChangesAsync(ct);
            await audit.AddAsync(save, ConnectionAuditActions.Created, AuditTarget.Connection(entity.Id, entity.Name), null,
                new { entity.Name, Kind = "Server-to-Server", entity.AccountId, entity.ClientId, MissingOptional = ConnectionService.MissingNames(verification) },
                entity.Id);
            await save.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        logger.LogInformation("Zoom connection {ConnectionId} ({AccountId}) created", entity.Id, entity.AccountId);
        return ConnectionResult.Ok(entity.Id, $"\"{entity.Name}\" is connected.", verification);
    }

    public async Task<ConnectionResult> ReplaceCredentialsAsync(int connectionId, ServerToServerCredentials credentials, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var c = credentials.Cleaned();
        var validation = await validator.ValidateAsync(c, ct);
        if (!validation.IsValid)
        {
            return ConnectionResult.Fail(string.Join(" ", validation.Errors.Select(e => e.ErrorMessage)));
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.ZoomConnections.FirstOrDefaultAsync(x => x.Id == connectionId, ct);
        if (existing is null)
        {
            return ConnectionResult.Fail("This connection no longer exists.");
        }
        var holder = AccountHolder.From(existing);
        if (!string.Equals(existing.AccountId, c.AccountId, StringComparison.Ordinal))
        {
            return ConnectionResult.Fail($"\"{existing.Name}\" is connected to another Zoom account ({existing.AccountId}); an app of account {c.AccountId} cannot replace it.");
        }
        if (!holder.CanReplaceWith(c.ClientId))
        {
            return ConnectionResult.Fail(holder.ManagedByConfiguration ? ConnectionService.ManagedMessage : holder.WizardExplanation(c.ClientId));
        }

        var verification = await VerifyNewAsync(c, ct);
        if (!verification.Passed)
        {
            return ConnectionResult.Fail("The new app did not pass verification, so the connection keeps its current credentials. " + verification.HealthError, verification);
        }
        var old = new { Kind = existing.Kind.ToString(), existing.ClientId, LinkedBy = existing.LinkedByEmail };
        if (existing is { Kind: ConnectionKind.OAuthLink, EncryptedAccessToken: { } accessToken })
        {
            // Best effort: the link's access is given back to Zoom before its tokens are deleted.
            await revocation.TryRevokeAsync(protector.Unprotect(accessToken), ct);
        }
        ConnectionService.ForgetTokens(zoom, existing);
        existing.Kind = ConnectionKind.ServerToServer;
        existing.ClientId = c.ClientId;
        existing.EncryptedClientSecret = protector.Protect(c.ClientSecret);
        existing.EncryptedAccessToken = null;
        existing.EncryptedRefreshToken = null;
        existing.AccessTokenExpiresAt = null;
        existing.RefreshTokenObtainedAt = null;
        existing.ApiUrl = null;
        existing.LinkedByZoomUserId = null;
        existing.LinkedByEmail = null;
        ConnectionService.ApplyHealth(existing, verification);
        await audit.AddAsync(db, ConnectionAuditActions.CredentialsReplaced, AuditTarget.Connection(existing.Id, existing.Name), old,
            new { Kind = "Server-to-Server", existing.AccountId, existing.ClientId, MissingOptional = ConnectionService.MissingNames(verification) }, existing.Id);
        await alerts.ReviewAsync(db, existing, ct);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Zoom connection {ConnectionId} ({AccountId}) moved to another app", existing.Id, existing.AccountId);
        return ConnectionResult.Ok(existing.Id, $"\"{existing.Name}\" now uses the Server-to-Server app {c.ClientId}; its staff, sessions and history are kept.", verification);
    }

    private Task<Actor> RequireAdminAsync() => currentActor.RequireAdminAsync("Only IT administrators can see or change Zoom connections.");
}
