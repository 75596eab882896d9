using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Features.Webhooks;

public enum WebhookEventFilter
{
    All = 0,
    Failed = 1,
    Waiting = 2,
    Processed = 3,
}

public sealed record WebhookEventRow(long Id, string Event, int? ConnectionId, string? ConnectionName, string? AccountId,
    DateTimeOffset ReceivedAt, DateTimeOffset? ProcessedAt, int Attempts, string? Error)
{
    public bool Failed => ProcessedAt is null && Error is not null;
}

public sealed record WebhookEventPage(IReadOnlyList<WebhookEventRow> Items, int Total, int FailedTotal);

/// <summary>The administrators' view of recent events, with a retry for failed ones.</summary>
public interface IWebhookAdmin
{
    Task<WebhookEventPage> ListAsync(WebhookEventFilter filter, string? eventName, int skip, int take, CancellationToken ct = default);

    /// <summary>Processes a failed event again; true when it succeeded this time.</summary>
    Task<bool> RetryAsync(long eventId, CancellationToken ct = default);
}

public sealed class WebhookAdmin(IDbContextFactory<PortalDbContext> dbFactory, IWebhookEventProcessor processor, ICurrentActor currentActor) : IWebhookAdmin
{
    private const string Refusal = "Only IT administrators can see or retry Zoom webhook events.";

    public async Task<bool> RetryAsync(long eventId, CancellationToken ct = default)
    {
        await currentActor.RequireAdminAsync(Refusal);
        return await processor.RetryAsync(eventId, ct);
    }

    public async Task<WebhookEventPage> ListAsync(WebhookEventFilter filter, string? eventName, int skip, int take, CancellationToken ct = default)
    {
        await currentActor.RequireAdminAsync(Refusal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = db.WebhookEvents.AsNoTracking();
        events = filter switch
        {
            WebhookEventFilter.Failed => events.Where(e => e.ProcessedAt == null && e.Error != null),
            WebhookEventFilter.Waiting => events.Where(e => e.ProcessedAt == null && e.Error == null),
            WebhookEventFilter.Processed => events.Where(e => e.ProcessedAt != null),
            _ => events,
        };
        if (!string.IsNullOrWhiteSpace(eventName))
        {
            events = events.Where(e => e.Event.Contains(eventName.Trim()));
        }
        var total = await events.CountAsync(ct);
        var failed = await db.WebhookEvents.CountAsync(e => e.ProcessedAt == null && e.Error != null, ct);
        var rows = await events.OrderByDescending(e => e.Id).Skip(skip).Take(take)
            .Select(e => new WebhookEventRow(e.Id, e.Event, e.ConnectionId,
                db.ZoomConnections.Where(c => c.Id == e.ConnectionId).Select(c => c.Name).FirstOrDefault(),
                e.AccountId, e.ReceivedAt, e.ProcessedAt, e.Attempts, e.Error))
            .ToListAsync(ct);
        return new WebhookEventPage(rows, total, failed);
    }
}
