using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;

namespace Portal.Core.Features.Webhooks.Handlers;

/// <summary>The account removed the portal's app in Zoom: forget its tokens and cached data, mark it unlinked.</summary>
public sealed class AppDeauthorizedHandler(IAuditLog audit, ConnectionAlerts alerts) : IWebhookEventHandler
{
    public bool Handles(string eventName) => eventName == "app_deauthorized";

    public async Task HandleAsync(WebhookContext context, CancellationToken ct)
    {
        var accountId = context.Payload.String("account_id") ?? throw new WebhookPayloadException("the Zoom account's ID");
        var db = context.Db;
        var connections = await db.ZoomConnections.Where(c => c.Kind == ConnectionKind.OAuthLink && c.AccountId == accountId).ToListAsync(ct);
        foreach (var c in connections)
        {
            c.EncryptedAccessToken = null;
            c.EncryptedRefreshToken = null;
            c.AccessTokenExpiresAt = null;
            c.RefreshTokenObtainedAt = null;
            c.GrantedScopes = "";
            c.Disabled = true;
            c.DisabledReason = "Unlinked in Zoom: the app was removed (app_deauthorized).";
            await db.ZoomUserSnapshots.Where(s => s.ConnectionId == c.Id).ExecuteDeleteAsync(ct);
            await audit.AddAsync(db, ConnectionAuditActions.Deauthorized, AuditTarget.Connection(c.Id, c.Name), null,
                new { Outcome = "tokens and cached Zoom users deleted; connection unlinked" }, c.Id);
            await alerts.DeauthorizedAsync(db, c, ct);
        }
        await db.SaveChangesAsync(ct);
    }
}
