using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Features.Notifications;

/// <summary>Every address in Email:AlertRecipients must be one the portal can write to: refused at start, naming the entry.</summary>
public sealed class AlertRecipientsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = options.AlertRecipients
            .Select((address, index) => (Address: address?.Trim() ?? "", Index: index))
            .Where(entry => !NotificationOutbox.IsAddress(entry.Address))
            .Select(entry => $"Email:AlertRecipients:{entry.Index} must be an e-mail address (was '{entry.Address}').")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Makes the recipients from configuration match Email:AlertRecipients: adds the new addresses, removes the ones taken out.</summary>
public sealed class ConfiguredRecipients(IDbContextFactory<PortalDbContext> dbFactory, IOptions<EmailOptions> options, ILogger<ConfiguredRecipients> logger)
{
    public async Task SyncAsync(CancellationToken ct = default)
    {
        var configured = options.Value.AlertRecipients.Select(a => a.Trim())
            .Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // Instances starting together apply the same list one after the other.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7365621319)", ct);
        }
        var existing = await db.NotificationRecipients.Where(r => r.FromConfiguration).ToListAsync(ct);
        var removed = existing.Where(r => !configured.Contains(r.Email, StringComparer.OrdinalIgnoreCase)).ToList();
        var added = configured.Where(a => !existing.Any(r => string.Equals(r.Email, a, StringComparison.OrdinalIgnoreCase))).ToList();
        db.NotificationRecipients.RemoveRange(removed);
        db.NotificationRecipients.AddRange(added.Select(a => new NotificationRecipient { Email = a, FromConfiguration = true }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (added.Count + removed.Count > 0)
        {
            logger.LogInformation("Email:AlertRecipients: {Added} added, {Removed} removed", added.Count, removed.Count);
        }
    }
}

/// <summary>Applies Email:AlertRecipients once at start-up, after the migrations.</summary>
public sealed class ConfiguredRecipientsHostedService(IServiceScopeFactory scopes, ILogger<ConfiguredRecipientsHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ConfiguredRecipients>().SyncAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database that is down must not keep the portal from starting (its health endpoint says so); the list is applied
            // again at the next start.
            logger.LogError(e, "Email:AlertRecipients could not be applied: the database did not answer");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
