using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Security;
using Portal.ZoomSandbox;

namespace Portal.Shell;

/// <summary>
/// The built-in sandbox's event subscriptions: each account's events go to this portal's endpoint of the connection that
/// holds the account, signed with that connection's secret token, as if an administrator had set them up in Zoom.
/// </summary>
internal sealed class SandboxWebhookTargets(IDbContextFactory<PortalDbContext> dbFactory, ISecretProtector protector, IServer server)
{
    public async Task<SandboxWebhookTarget?> FindAsync(string accountId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.ZoomConnections.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.EncryptedWebhookSecretToken != null && !c.Disabled)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.EncryptedWebhookSecretToken }).FirstOrDefaultAsync(ct);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (connection is null || address is null)
        {
            return null;
        }
        var baseUrl = address.Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal).TrimEnd('/');
        return new SandboxWebhookTarget($"{baseUrl}/zoom/webhooks/{connection.Id}", protector.Unprotect(connection.EncryptedWebhookSecretToken!));
    }
}
