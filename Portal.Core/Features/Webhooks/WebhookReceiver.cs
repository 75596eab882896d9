using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Outcomes;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Webhooks;

public enum ReceiptKind
{
    Accepted = 0,
    Duplicate = 1,
    UrlValidation = 2,
    Unauthorized = 3,
    Malformed = 4,

    /// <summary>Verified but not stored (database busy or failing): answered 503 so that Zoom sends it again.</summary>
    Unavailable = 5,

    /// <summary>A meeting event of a meeting the portal did not create: counted, not stored, answered 200.</summary>
    Ignored = 6,
}

public sealed record WebhookReceipt(ReceiptKind Kind, string Detail, object? Response = null);

/// <summary>Verifies, stores and queues one delivery; the caller answers Zoom from the receipt.</summary>
public interface IWebhookReceiver
{
    /// <param name="connectionRef">The connection's id or slug, or null for the portal's OAuth app endpoint.</param>
    Task<WebhookReceipt> ReceiveAsync(string? connectionRef, byte[] body, string? timestamp, string? signature, CancellationToken ct);
}

public sealed class WebhookReceiver(
    IDbContextFactory<PortalDbContext> dbFactory,
    ISecretProtector protector,
    IOptions<ZoomOptions> zoomOptions,
    IOptions<WebhookOptions> webhookOptions,
    WebhookEventStore store,
    TimeProvider clock,
    ILogger<WebhookReceiver> logger) : IWebhookReceiver
{
    public async Task<WebhookReceipt> ReceiveAsync(string? connectionRef, byte[] body, string? timestamp, string? signature, CancellationToken ct)
    {
        var timeout = webhookOptions.Value.StoreTimeout;
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return await ReceiveWithinAsync(connectionRef, body, timestamp, signature, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Webhook for {Endpoint} not stored: the database did not answer within {Timeout}; Zoom sends it again",
                connectionRef ?? "app", timeout);
            return new WebhookReceipt(ReceiptKind.Unavailable, "The database did not answer in time.");
        }
        catch (DbException ex)
        {
            logger.LogWarning(ex, "Webhook for {Endpoint} not verified: the database failed; Zoom sends it again", connectionRef ?? "app");
            return new WebhookReceipt(ReceiptKind.Unavailable, "The database failed.");
        }
    }

    private async Task<WebhookReceipt> ReceiveWithinAsync(string? connectionRef, byte[] body, string? timestamp, string? signature, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (connectionId, secret) = connectionRef is null
            ? (null, zoomOptions.Value.OAuthApp.WebhookSecretToken)
            : await FindConnectionSecretAsync(db, connectionRef, ct);
        if (string.IsNullOrEmpty(secret))
        {
            return new WebhookReceipt(ReceiptKind.Unauthorized, "No webhook secret token is configured for this endpoint.");
        }
        var check = WebhookSignature.Verify(secret, timestamp, signature, body, clock.GetUtcNow());
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Webhook for {Endpoint} rejected: {Check}", connectionRef ?? "app", check);
            return new WebhookReceipt(ReceiptKind.Unauthorized, check.ToString());
        }

        string eventName;
        string? accountId;
        JsonElement payloadCopy;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            eventName = root.GetProperty("event").GetString() ?? throw new JsonException("event is null");
            var payload = root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            if (eventName == "endpoint.url_validation")
            {
                var plainToken = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("plainToken", out var t) ? t.GetString() : null;
                if (string.IsNullOrEmpty(plainToken))
                {
                    return new WebhookReceipt(ReceiptKind.Malformed, "url_validation without payload.plainToken");
                }
                return new WebhookReceipt(ReceiptKind.UrlValidation, "validated",
                    new { plainToken, encryptedToken = WebhookSignature.EncryptPlainToken(secret, plainToken) });
            }
            accountId = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("account_id", out var a) ? a.GetString() : null;
            payloadCopy = payload.ValueKind == JsonValueKind.Object ? payload.Clone() : default;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new WebhookReceipt(ReceiptKind.Malformed, "The body is not a Zoom event.");
        }

        if (connectionRef is null && accountId is not null)
        {
            connectionId = await db.ZoomConnections.Where(c => c.Kind == ConnectionKind.OAuthLink && c.AccountId == accountId)
                .Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
            if (connectionId is null)
            {
                logger.LogInformation("Webhook {Event} for unknown Zoom account acknowledged and ignored", eventName);
            }
        }

        if (MeetingEventIntake.IsMeetingEvent(eventName) && !await MeetingEventIntake.AdmitAsync(db, connectionId, payloadCopy, clock.GetUtcNow(), ct))
        {
            return new WebhookReceipt(ReceiptKind.Ignored, "Not a meeting the portal created.");
        }

        var evt = new WebhookEvent
        {
            ConnectionId = connectionId,
            Event = eventName,
            Identity = WebhookSignature.Identity(body),
            Body = Encoding.UTF8.GetString(body),
            ReceivedAt = clock.GetUtcNow(),
            AccountId = accountId,
        };
        return await store.StoreAsync(evt, ct) switch
        {
            StoreOutcome.Stored => new WebhookReceipt(ReceiptKind.Accepted, "Stored."),
            // Zoom retries an event it thinks was lost; the same body means the same event.
            StoreOutcome.Duplicate => new WebhookReceipt(ReceiptKind.Duplicate, "Already received."),
            _ => new WebhookReceipt(ReceiptKind.Unavailable, "The event could not be stored."),
        };
    }

    private async Task<(int? ConnectionId, string? Secret)> FindConnectionSecretAsync(PortalDbContext db, string connectionRef, CancellationToken ct)
    {
        var byId = int.TryParse(connectionRef, out var id) ? id : (int?)null;
        var connection = await db.ZoomConnections.AsNoTracking()
            .Where(c => c.Id == byId || c.Slug == connectionRef)
            .Select(c => new { c.Id, c.EncryptedWebhookSecretToken })
            .FirstOrDefaultAsync(ct);
        if (connection?.EncryptedWebhookSecretToken is null)
        {
            return (connection?.Id, null);
        }
        return (connection.Id, protector.Unprotect(connection.EncryptedWebhookSecretToken));
    }
}
