using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Webhooks;
using Portal.Core.Features.Webhooks.Handlers;
using Portal.Core.Security;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Webhooks;

public class WebhookPortalFactory : PortalAppFactory
{
    public const string AppSecret = "whsec_app_secret";
    public const string CenterSecret = "whsec_center_a";
    public const string LinkedAccountId = "linked-account-9";

    public WebhookPortalFactory() : this(new Dictionary<string, string?>())
    {
    }

    protected WebhookPortalFactory(IDictionary<string, string?> settings)
        : base(new Dictionary<string, string?>(settings) { ["Zoom:OAuthApp:WebhookSecretToken"] = AppSecret })
    {
    }

    public RecordingSinkSpy RecordingSink { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<IRecordingEventSink>(RecordingSink));
    }

    public async Task<PortalDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>A Server-to-Server connection with a webhook secret, and a linked one with tokens.</summary>
    public async Task<(int Center, int Linked)> SeedConnectionsAsync()
    {
        _ = BaseUrl;
        var protector = Services.GetRequiredService<ISecretProtector>();
        await using var db = await DbAsync();
        var center = await db.ZoomConnections.FirstOrDefaultAsync(c => c.Slug == "center-a");
        if (center is null)
        {
            center = new ZoomConnection
            {
                Name = "Center A", Slug = "center-a", Kind = ConnectionKind.ServerToServer, AccountId = "acc-a", ClientId = "cid-a",
                EncryptedClientSecret = protector.Protect("secret-a"), EncryptedWebhookSecretToken = protector.Protect(CenterSecret),
            };
            var linked = new ZoomConnection
            {
                Name = "Linked account", Slug = "linked", Kind = ConnectionKind.OAuthLink, AccountId = LinkedAccountId,
                EncryptedAccessToken = protector.Protect("access-token-value"), EncryptedRefreshToken = protector.Protect("refresh-token-value"),
                AccessTokenExpiresAt = Clock.GetUtcNow().AddHours(1), GrantedScopes = "user:read:admin",
            };
            db.ZoomConnections.AddRange(center, linked);
            await db.SaveChangesAsync();
        }
        var linkedId = await db.ZoomConnections.Where(c => c.Slug == "linked").Select(c => c.Id).FirstAsync();
        return (center.Id, linkedId);
    }

    public async Task<WebhookEvent> WaitProcessedAsync(string identityOfBody)
    {
        var identity = WebhookSignature.Identity(System.Text.Encoding.UTF8.GetBytes(identityOfBody));
        for (var i = 0; i < 100; i++)
        {
            await using var db = await DbAsync();
            var evt = await db.WebhookEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Identity == identity);
            if (evt is { ProcessedAt: not null } || evt is { Error: not null })
            {
                return evt;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The event was not processed within 10 seconds.");
    }
}

public sealed class RecordingSinkSpy : IRecordingEventSink
{
    public ConcurrentQueue<(int? ConnectionId, string Event, string Uuid)> Calls { get; } = new();

    public int FailuresToThrow { get; set; }

    public Task OnRecordingEventAsync(int? connectionId, string eventName, string meetingUuid, long? meetingId, string? hostId, CancellationToken ct)
    {
        if (FailuresToThrow > 0)
        {
            FailuresToThrow--;
            throw new InvalidOperationException("Recording refresh failed (test).");
        }
        Calls.Enqueue((connectionId, eventName, meetingUuid));
        return Task.CompletedTask;
    }
}
