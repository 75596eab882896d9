using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>One entry of <c>Zoom:Connections:N</c>; identified by AccountId + ClientId, not by N.</summary>
public sealed record ConfiguredConnection(string? Name, string AccountId, string ClientId, string ClientSecret, string? WebhookSecretToken)
{
    public override string ToString() => $"ConfiguredConnection {{ Name = {Name}, AccountId = {AccountId}, ClientId = {ClientId} }}";

    public static IReadOnlyList<ConfiguredConnection> Read(ZoomOptions options, ILogger? logger = null)
    {
        var list = new List<ConfiguredConnection>();
        foreach (var (entry, index) in options.Connections.Select((entry, index) => (entry, index)))
        {
            var account = CredentialText.Clean(entry.AccountId).Value;
            var client = CredentialText.Clean(entry.ClientId).Value;
            var secret = CredentialText.Clean(entry.ClientSecret).Value;
            if (account.Length == 0 || client.Length == 0 || secret.Length == 0)
            {
                logger?.LogWarning("Zoom:Connections:{Index} is incomplete (AccountId, ClientId and ClientSecret are required) and was skipped", index);
                continue;
            }
            var webhook = CredentialText.Clean(entry.WebhookSecretToken).Value;
            list.Add(new ConfiguredConnection(entry.Name?.Trim(), account, client, secret, webhook.Length == 0 ? null : webhook));
        }
        return list;
    }
}

public sealed record ConfigurationSyncResult(int Added, int Updated, int Disabled, int Unchanged);

/// <summary>Makes the stored connections match <c>Zoom:Connections</c>: adds and updates them, and disables (never deletes) the ones removed.</summary>
public interface IConfiguredConnectionSync
{
    Task<ConfigurationSyncResult> SyncAsync(IReadOnlyList<ConfiguredConnection> configured, CancellationToken ct = default);
}

public sealed class ConfiguredConnectionSync(
    IDbContextFactory<PortalDbContext> dbFactory,
    ISecretProtector protector,
    IAuditLog audit,
    IZoomOAuth zoom,
    TimeProvider clock,
    ILogger<ConfiguredConnectionSync> logger) : IConfiguredConnectionSync
{
    public const string RemovedReason = "Removed from configuration (Zoom:Connections). Its data is kept until an administrator deletes it.";

    public async Task<ConfigurationSyncResult> SyncAsync(IReadOnlyList<ConfiguredConnection> configured, CancellationToken ct = default)
    {
        int added = 0, updated = 0, disabled = 0, unchanged = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Instances starting together on one database apply the same configuration: one at a time, or both would see a
        // connection missing and add it twice.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await WaitForOtherInstancesAsync(db, ct);
        var now = clock.GetUtcNow();
        var existing = await db.ZoomConnections.Where(c => c.Kind == ConnectionKind.ServerToServer).ToListAsync(ct);
        var audits = new List<(string Action, object? Old, object? New, ZoomConnection Row)>();

        foreach (var entry in configured.DistinctBy(e => (e.AccountId, e.ClientId)))
        {
            var row = existing.FirstOrDefault(c => c.AccountId == entry.AccountId && c.ClientId == entry.ClientId);
            var name = string.IsNullOrWhiteSpace(entry.Name) ? $"Zoom account {entry.AccountId}" : entry.Name;
            if (row is null)
            {
                row = new ZoomConnection
                {
                    Name = await ConnectionNames.UniqueNameAsync(db, name, null, ct),
                    Slug = await ConnectionNames.UniqueSlugAsync(db, name, ct),
                    Kind = ConnectionKind.ServerToServer,
                    AccountId = entry.AccountId,
                    ClientId = entry.ClientId,
                    EncryptedClientSecret = protector.Protect(entry.ClientSecret),
                    EncryptedWebhookSecretToken = entry.WebhookSecretToken is null ? null : protector.Protect(entry.WebhookSecretToken),
                    ManagedByConfiguration = true,
                    CreatedAt = now,
                };
                db.ZoomConnections.Add(row);
                await db.SaveChangesAsync(ct);
                audits.Add((ConnectionAuditActions.Provisioned, null, new { row.Name, row.AccountId, row.ClientId }, row));
                added++;
                continue;
            }
            var changes = new List<string>();
            if (!row.ManagedByConfiguration)
            {
                row.ManagedByConfiguration = true;
                changes.Add("now managed by configuration");
            }
            if (row.Disabled)
            {
                row.Disabled = false;
                row.DisabledReason = null;
                changes.Add("enabled again");
            }
            if (row.Name != name && !string.IsNullOrWhiteSpace(entry.Name))
            {
                row.Name = await ConnectionNames.UniqueNameAsync(db, name, row.Id, ct);
                changes.Add("name");
            }
            if (row.EncryptedClientSecret is null || protector.Unprotect(row.EncryptedClientSecret) != entry.ClientSecret)
            {
                row.EncryptedClientSecret = protector.Protect(entry.ClientSecret);
                row.LastVerifiedAt = null;
                zoom.ForgetToken(ServerToServerTarget.ForConnection(row.Id, row.AccountId!, row.ClientId!, ""));
                changes.Add("client secret");
            }
            var storedWebhook = row.EncryptedWebhookSecretToken is null ? null : protector.Unprotect(row.EncryptedWebhookSecretToken);
            if (storedWebhook != entry.WebhookSecretToken)
            {
                row.EncryptedWebhookSecretToken = entry.WebhookSecretToken is null ? null : protector.Protect(entry.WebhookSecretToken);
                changes.Add("webhook secret token");
            }
            if (changes.Count == 0)
            {
                unchanged++;
                continue;
            }
            await db.SaveChangesAsync(ct);
            audits.Add((ConnectionAuditActions.ConfigurationUpdated, null, new { Changed = string.Join(", ", changes) }, row));
            updated++;
        }

        foreach (var row in existing.Where(c => c.ManagedByConfiguration && !c.Disabled
            && !configured.Any(e => e.AccountId == c.AccountId && e.ClientId == c.ClientId)))
        {
            row.Disabled = true;
            row.DisabledReason = RemovedReason;
            await db.SaveChangesAsync(ct);
            zoom.ForgetToken(ServerToServerTarget.ForConnection(row.Id, row.AccountId ?? "", row.ClientId ?? "", ""));
            audits.Add((ConnectionAuditActions.DisabledByConfiguration, null, new { Reason = RemovedReason }, row));
            disabled++;
        }

        foreach (var (action, old, @new, row) in audits)
        {
            await audit.AddAsync(db, action, AuditTarget.Connection(row.Id, row.Name), old, @new, row.Id);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (added + updated + disabled > 0)
        {
            logger.LogInformation("Zoom connections from configuration: {Added} added, {Updated} updated, {Disabled} disabled", added, updated, disabled);
        }
        return new ConfigurationSyncResult(added, updated, disabled, unchanged);
    }

    /// <summary>
    /// SQLite's transaction already holds the database's write lock (Microsoft.Data.Sqlite begins IMMEDIATE);
    /// PostgreSQL takes an advisory lock that its commit releases.
    /// </summary>
    private static async Task WaitForOtherInstancesAsync(PortalDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7365621301)", ct);
        }
    }
}

/// <summary>
/// Synchronises <c>Zoom:Connections</c> into the database at start-up (after migrations, before requests are served)
/// and again whenever configuration reloads; once the portal listens, verifies the ones never verified.
/// </summary>
public sealed class ConfiguredConnectionsHostedService(
    IServiceScopeFactory scopes,
    IOptionsMonitor<ZoomOptions> zoomOptions,
    IHostApplicationLifetime lifetime,
    ILogger<ConfiguredConnectionsHostedService> logger) : IHostedLifecycleService, IDisposable
{
    private IDisposable? _reload;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncAsync(cancellationToken);
        _reload = zoomOptions.OnChange((_, _) => _ = SyncAsync(CancellationToken.None));
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (zoomOptions.CurrentValue.VerifyConfiguredConnectionsOnStart)
        {
            lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => VerifyNewAsync(lifetime.ApplicationStopping), CancellationToken.None));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SyncAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sync = scope.ServiceProvider.GetRequiredService<IConfiguredConnectionSync>();
            await sync.SyncAsync(ConfiguredConnection.Read(zoomOptions.CurrentValue, logger), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not apply Zoom:Connections from configuration");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task VerifyNewAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            List<int> ids;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                ids = await db.ZoomConnections.Where(c => c.ManagedByConfiguration && !c.Disabled && c.LastVerifiedAt == null && c.LastError == null)
                    .Select(c => c.Id).ToListAsync(ct);
            }
            var service = scope.ServiceProvider.GetRequiredService<IConnectionService>();
            foreach (var id in ids)
            {
                await service.ReverifyAsync(id, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Verifying the Zoom connections from configuration failed");
        }
    }

    public void Dispose()
    {
        _reload?.Dispose();
        _gate.Dispose();
    }
}
