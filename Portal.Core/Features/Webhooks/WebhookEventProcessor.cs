using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;

namespace Portal.Core.Features.Webhooks;

/// <summary>Applies one stored event's effect. Handlers are small, one per event family.</summary>
public interface IWebhookEventHandler
{
    bool Handles(string eventName);

    Task HandleAsync(WebhookContext context, CancellationToken ct);
}

public sealed record WebhookContext(WebhookEvent Event, JsonElement Payload, PortalDbContext Db);

public interface IWebhookEventProcessor
{
    /// <summary>Processes the event unless it is done or claimed by another processor; true when this call processed it.</summary>
    Task<bool> ProcessAsync(long eventId, CancellationToken ct);

    /// <summary>Processes events left behind (restarts, failures with attempts left); returns how many were processed.</summary>
    Task<int> ProcessPendingAsync(CancellationToken ct);

    /// <summary>An administrator's retry of a failed event.</summary>
    Task<bool> RetryAsync(long eventId, CancellationToken ct);
}

public sealed class WebhookEventProcessor(
    IDbContextFactory<PortalDbContext> dbFactory,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<WebhookEventProcessor> logger) : IWebhookEventProcessor
{
    public const int MaxAutomaticAttempts = 5;
    private static readonly TimeSpan s_claim = TimeSpan.FromMinutes(2);

    public async Task<bool> ProcessAsync(long eventId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var claimed = await db.WebhookEvents
            .Where(e => e.Id == eventId && e.ProcessedAt == null && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedUntil, now + s_claim).SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
        if (claimed == 0)
        {
            return false;
        }
        var evt = await db.WebhookEvents.FirstAsync(e => e.Id == eventId, ct);
        try
        {
            using var json = JsonDocument.Parse(evt.Body);
            var payload = json.RootElement.TryGetProperty("payload", out var p) ? p : default;
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IWebhookEventHandler>().FirstOrDefault(h => h.Handles(evt.Event));
            if (handler is null)
            {
                logger.LogInformation("Webhook event {Event} has no handler; acknowledged and ignored", evt.Event);
            }
            else
            {
                await handler.HandleAsync(new WebhookContext(evt, payload, db), ct);
            }
            evt.ProcessedAt = clock.GetUtcNow();
            evt.Error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Webhook event {Id} ({Event}) failed", evt.Id, evt.Event);
            db.ChangeTracker.Clear();
            db.WebhookEvents.Attach(evt);
            evt.Error = WebhookFailureReason.Of(evt, ex, clock);
        }
        evt.ClaimedUntil = null;
        await db.SaveChangesAsync(ct);
        return evt.ProcessedAt is not null;
    }

    public async Task<int> ProcessPendingAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.WebhookEvents
                .Where(e => e.ProcessedAt == null && e.Attempts < MaxAutomaticAttempts && (e.ClaimedUntil == null || e.ClaimedUntil < now))
                .OrderBy(e => e.Id).Select(e => e.Id).Take(1000).ToListAsync(ct);
        }
        var processed = 0;
        foreach (var id in ids)
        {
            processed += await ProcessAsync(id, ct) ? 1 : 0;
        }
        return processed;
    }

    public Task<bool> RetryAsync(long eventId, CancellationToken ct) => ProcessAsync(eventId, ct);
}
