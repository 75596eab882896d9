using System.Diagnostics.CodeAnalysis;
using System.Text;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>Server-to-Server connections and the management every connection shares (list, verify, rename, delete).</summary>
public interface IConnectionService
{
    Task<IReadOnlyList<ConnectionListItem>> ListAsync(CancellationToken ct = default);

    Task<ConnectionDetails?> GetAsync(int id, CancellationToken ct = default);

    /// <summary>Wizard step 3: checks credentials live without saving anything.</summary>
    Task<VerificationResult> VerifyNewAsync(ServerToServerCredentials credentials, CancellationToken ct = default);

    /// <summary>Saves a new connection once its credentials verify (checked again here); the secret is encrypted.
    /// Refused when a connection already holds the Zoom account.</summary>
    Task<ConnectionResult> CreateServerToServerAsync(ServerToServerCredentials credentials, CancellationToken ct = default);

    /// <summary>Moves an existing connection of the same Zoom account to another Server-to-Server app once that app verifies:
    /// the connection keeps its id, name and data; a link's tokens are revoked and deleted.</summary>
    Task<ConnectionResult> ReplaceCredentialsAsync(int connectionId, ServerToServerCredentials credentials, CancellationToken ct = default);

    Task<ConnectionResult> ReverifyAsync(int id, CancellationToken ct = default);

    Task<ConnectionResult> RenameAsync(int id, string name, CancellationToken ct = default);

    /// <summary>Verifies the new secret first; the old one stays in place if it fails.</summary>
    Task<ConnectionResult> RotateSecretAsync(int id, string newSecret, CancellationToken ct = default);

    Task<ConnectionDependencies> GetDependenciesAsync(int id, CancellationToken ct = default);

    /// <summary>Deletes the connection, its secrets and every piece of cached Zoom data of its account.</summary>
    Task<ConnectionResult> DeleteAsync(int id, CancellationToken ct = default);
}

public sealed class ConnectionService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomOAuth zoom,
    IConnectionVerifier verifier,
    ConnectServerToServer connect,
    ISecretProtector protector,
    IAuditLog audit,
    ConnectionAlerts alerts,
    ICurrentActor currentActor,
    TimeProvider clock,
    ILogger<ConnectionService> logger) : IConnectionService
{
    public async Task<IReadOnlyList<ConnectionListItem>> ListAsync(CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ZoomConnections.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        var health = await ConnectionHealthRule.EvaluateAsync(db, rows, ct);
        return rows.Select(c => ToListItem(c, health[c.Id])).ToList();
    }

    public async Task<ConnectionDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.ZoomConnections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }
        var health = await ConnectionHealthRule.EvaluateAsync(db, [c], ct);
        return new ConnectionDetails(ToListItem(c, health[c.Id]), c.ClientId, c.Slug,
            c.GrantedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            c.CreatedAt, c.LastErrorAt, c.EncryptedWebhookSecretToken is not null, c.AccessTokenExpiresAt,
            c.RefreshTokenObtainedAt, c.LinkedByZoomUserId);
    }

    public Task<VerificationResult> VerifyNewAsync(ServerToServerCredentials credentials, CancellationToken ct = default) =>
        connect.VerifyNewAsync(credentials, ct);

    public Task<ConnectionResult> CreateServerToServerAsync(ServerToServerCredentials credentials, CancellationToken ct = default) =>
        connect.CreateAsync(credentials, ct);

    public Task<ConnectionResult> ReplaceCredentialsAsync(int connectionId, ServerToServerCredentials credentials, CancellationToken ct = default) =>
        connect.ReplaceCredentialsAsync(connectionId, credentials, ct);

    public async Task<ConnectionResult> ReverifyAsync(int id, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.ZoomConnections.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return ConnectionResult.Fail("This connection no longer exists.");
        }
        if (c.Disabled)
        {
            return ConnectionResult.Fail("This connection is disabled" + (c.DisabledReason is null ? "." : ": " + c.DisabledReason));
        }
        ZoomTarget target = c.Kind == ConnectionKind.ServerToServer
            ? ServerToServerTarget.ForConnection(c.Id, c.AccountId!, c.ClientId!, protector.Unprotect(c.EncryptedClientSecret!))
            : new LinkedAccountTarget(c.Id) { AccountWide = ZoomScopes.AreAccountWide(c.GrantedScopes) };
        zoom.ForgetToken(target);
        var verification = await verifier.VerifyAsync(target, ct);
        await db.Entry(c).ReloadAsync(ct);
        ApplyHealth(c, verification);
        await audit.AddAsync(db, ConnectionAuditActions.Verified, AuditTarget.Connection(c.Id, c.Name), null,
            new { Passed = verification.Passed, Error = verification.HealthError, MissingOptional = MissingNames(verification) }, c.Id);
        await alerts.ReviewAsync(db, c, ct);
        await db.SaveChangesAsync(ct);
        return verification.Passed
            ? ConnectionResult.Ok(c.Id, verification.UserLevelOnly
                ? "Verified: Zoom issued a token; its permissions cover only the user who linked the account."
                : "Verified: Zoom issued a token with the required scopes.", verification)
            : ConnectionResult.Fail(verification.HealthError ?? "Verification failed.", verification);
    }

    public async Task<ConnectionResult> RenameAsync(int id, string name, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var trimmed = name.Trim();
        var check = new RenameModelValidator().Validate(new RenameModel { Name = trimmed });
        if (!check.IsValid)
        {
            return ConnectionResult.Fail(check.Errors[0].ErrorMessage);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.ZoomConnections.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (RefusesEdit(c, out var refusal))
        {
            return refusal;
        }
        if (c.Name == trimmed)
        {
            return ConnectionResult.Ok(c.Id, "The name is unchanged.");
        }
        if (await db.ZoomConnections.AnyAsync(x => x.Id != id && x.Name == trimmed, ct))
        {
            return ConnectionResult.Fail($"A connection named \"{trimmed}\" already exists.");
        }
        var old = c.Name;
        c.Name = trimmed;
        await audit.AddAsync(db, ConnectionAuditActions.Renamed, AuditTarget.Connection(c.Id, trimmed), new { Name = old }, new { Name = trimmed }, c.Id);
        await db.SaveChangesAsync(ct);
        return ConnectionResult.Ok(c.Id, $"Renamed to \"{trimmed}\".");
    }

    public async Task<ConnectionResult> RotateSecretAsync(int id, string newSecret, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var model = new RotateSecretModel { ClientSecret = CredentialText.Clean(newSecret).Value };
        var check = new RotateSecretModelValidator().Validate(model);
        if (!check.IsValid)
        {
            return ConnectionResult.Fail(check.Errors[0].ErrorMessage);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.ZoomConnections.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (RefusesEdit(c, out var refusal))
        {
            return refusal;
        }
        if (c.Kind != ConnectionKind.ServerToServer)
        {
            return ConnectionResult.Fail("Only Server-to-Server connections have a Client Secret. Link a linked account again instead.");
        }
        var candidate = ServerToServerTarget.Unsaved(c.AccountId!, c.ClientId!, model.ClientSecret);
        VerificationResult verification;
        try
        {
            verification = await verifier.VerifyAsync(candidate, ct);
        }
        finally
        {
            zoom.ForgetToken(candidate);
        }
        if (!verification.Passed)
        {
            await audit.WriteAsync(ConnectionAuditActions.SecretRotationRefused, AuditTarget.Connection(c.Id, c.Name), null, new { Error = verification.HealthError }, c.Id, ct);
            return ConnectionResult.Fail("The new Client Secret did not verify, so the current one stays in use. " + verification.HealthError, verification);
        }
        c.EncryptedClientSecret = protector.Protect(model.ClientSecret);
        ApplyHealth(c, verification);
        await audit.AddAsync(db, ConnectionAuditActions.SecretRotated, AuditTarget.Connection(c.Id, c.Name), null, new { c.AccountId, c.ClientId }, c.Id);
        await alerts.ReviewAsync(db, c, ct);
        await db.SaveChangesAsync(ct);
        zoom.ForgetToken(ServerToServerTarget.ForConnection(c.Id, c.AccountId!, c.ClientId!, ""));
        return ConnectionResult.Ok(c.Id, "The new Client Secret verified and replaced the old one.", verification);
    }

    public async Task<ConnectionDependencies> GetDependenciesAsync(int id, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return new ConnectionDependencies(
            await db.StaffMembers.CountAsync(s => s.ConnectionId == id, ct),
            await db.Sessions.CountAsync(s => s.ConnectionId == id && s.State == SessionState.Scheduled && s.StartsAt >= now, ct),
            await db.Sessions.CountAsync(s => s.ConnectionId == id && !(s.State == SessionState.Scheduled && s.StartsAt >= now), ct),
            await db.ZoomUserSnapshots.CountAsync(s => s.ConnectionId == id, ct),
            await db.StaffMappings.CountAsync(s => s.ConnectionId == id, ct),
            await db.UsageSnapshots.CountAsync(s => s.ConnectionId == id, ct),
            await db.SyncRuns.CountAsync(s => s.ConnectionId == id, ct),
            await db.WebhookEvents.CountAsync(s => s.ConnectionId == id, ct),
            await db.Set<RecordingShare>().CountAsync(s => s.ConnectionId == id && s.RevokedAt == null && s.ExpiresAt > now, ct));
    }

    public async Task<ConnectionResult> DeleteAsync(int id, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.ZoomConnections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return ConnectionResult.Fail("This connection no longer exists.");
        }
        if (c.ManagedByConfiguration && !c.Disabled)
        {
            return ConnectionResult.Fail(ManagedMessage + " Remove it from configuration first; it is then disabled and can be deleted here.");
        }
        var dependencies = await GetDependenciesAsync(id, ct);
        await audit.AddAsync(db, ConnectionAuditActions.Deleted, AuditTarget.Connection(c.Id, c.Name), new { c.Name, Kind = c.Kind.ToString(), c.AccountId, c.ClientId },
            new { StaffUnassigned = dependencies.StaffMembers, CachedZoomDataRemoved = dependencies.CachedZoomData }, id);
        await RemoveConnectionDataAsync(db, id, ct);
        ForgetTokens(zoom, c);
        logger.LogInformation("Zoom connection {ConnectionId} deleted", id);
        return ConnectionResult.Ok(id, $"\"{c.Name}\" was deleted with its secrets and cached Zoom data.");
    }

    internal const string ManagedMessage = "This connection is managed by configuration (Zoom:Connections); change it there, not in the portal.";

    /// <summary>
    /// One transaction: cached Zoom data, staff assignments and the connection row with its encrypted secrets, with what the
    /// caller added to the context (its audit entry).
    /// </summary>
    internal static async Task RemoveConnectionDataAsync(PortalDbContext db, int id, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ZoomUserSnapshots.Where(x => x.ConnectionId == id).ExecuteDeleteAsync(ct);
        await db.StaffMappings.Where(x => x.ConnectionId == id).ExecuteDeleteAsync(ct);
        await db.UsageSnapshots.Where(x => x.ConnectionId == id).ExecuteDeleteAsync(ct);
        await db.UsageReportDays.Where(x => x.ConnectionId == id).ExecuteDeleteAsync(ct);
        await db.SyncRuns.Where(x => x.ConnectionId == id).ExecuteDeleteAsync(ct);
        await db.WebhookEvents.Where(x => x.ConnectionId == id).ExecuteDeleteAsync(ct);
        await db.StorageFreedEstimates.Where(x => x.ConnectionId == id).ExecuteDeleteAsync(ct);
        await db.Set<RecordingShare>().Where(x => x.ConnectionId == id).ExecuteDeleteAsync(ct);
        await db.StaffMembers.Where(x => x.ConnectionId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ConnectionId, (int?)null), ct);
        await db.ZoomConnections.Where(x => x.Id == id).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Whether the portal may not change this connection's settings: it is gone, or configuration manages it.</summary>
    private static bool RefusesEdit([NotNullWhen(false)] ZoomConnection? c, [NotNullWhen(true)] out ConnectionResult? refusal)
    {
        refusal = c is null ? ConnectionResult.Fail("This connection no longer exists.")
            : c.ManagedByConfiguration ? ConnectionResult.Fail(ManagedMessage)
            : null;
        return refusal is not null;
    }

    internal static void ForgetTokens(IZoomOAuth zoom, ZoomConnection c) =>
        zoom.ForgetToken(c.Kind == ConnectionKind.ServerToServer
            ? ServerToServerTarget.ForConnection(c.Id, c.AccountId ?? "", c.ClientId ?? "", "")
            : new LinkedAccountTarget(c.Id));

    internal static void ApplyHealth(ZoomConnection c, VerificationResult v)
    {
        if (v.TokenIssued)
        {
            c.GrantedScopes = string.Join(' ', v.GrantedScopes.Order(StringComparer.Ordinal));
        }
        if (v.Passed)
        {
            c.LastVerifiedAt = v.CheckedAt;
            c.LastError = null;
            c.LastErrorAt = null;
        }
        else
        {
            c.LastError = v.HealthError;
            c.LastErrorAt = v.CheckedAt;
        }
    }

    internal static IReadOnlyList<string> MissingNames(VerificationResult v) =>
        v.MissingOptional.SelectMany(s => s.Missing(ScopeCheck.UsesGranularScopes(v.GrantedScopes))).ToList();

    internal static ConnectionListItem ToListItem(ZoomConnection c, ConnectionHealthReport health) => new(c.Id, c.Name, c.Kind, c.AccountId,
        c.ManagedByConfiguration, c.Disabled, c.DisabledReason, c.LastVerifiedAt, c.LastError, c.LinkedByEmail,
        AccountWideAccess.Covers(c.Kind, c.GrantedScopes), health);

    private Task<Actor> RequireAdminAsync() => currentActor.RequireAdminAsync("Only IT administrators can see or change Zoom connections.");
}
