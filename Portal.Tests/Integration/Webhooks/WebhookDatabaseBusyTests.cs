using System.Net;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Webhooks;

/// <summary>The portal with Webhooks:StoreTimeout at 1 s, so that the answer comes well within Zoom's 3 s on a loaded machine.</summary>
public sealed class BusyDatabaseWebhookFactory() : WebhookPortalFactory(new Dictionary<string, string?> { ["Webhooks:StoreTimeout"] = "00:00:01" });

/// <summary>Runs after the parallel tests, alone: a timing assertion that a busy test process would blur.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebhookTimingCollection
{
    public const string Name = "Webhook timing";
}

[Collection(WebhookTimingCollection.Name)]
public sealed class WebhookDatabaseBusyTests(BusyDatabaseWebhookFactory factory) : IClassFixture<BusyDatabaseWebhookFactory>
{
    private static string Unique() => Guid.NewGuid().ToString("N");

    private async Task<HttpClient> ClientAsync()
    {
        await factory.SeedConnectionsAsync();
        return factory.CreatePortalClient().Http;
    }

    [Fact]
    public async Task Post_DatabaseLockedByAnotherWriter_Is503WithinThreeSecondsAndTheResentEventIsProcessedOnce()
    {
        // Arrange
        var http = await ClientAsync();
        var uuid = Unique();
        var body = $$"""{"event":"recording.completed","payload":{"account_id":"acc-a","object":{"uuid":"{{uuid}}","id":321,"host_id":"h1"} } }""";
        HttpStatusCode whileLocked;
        TimeSpan answeredIn;
        var warmUp = $$"""{"event":"recording.completed","payload":{"account_id":"acc-a","object":{"uuid":"{{Unique()}}","id":1} } }""";
        using (await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, warmUp))
        {
            await factory.WaitProcessedAsync(warmUp);
        }

        // Act
        await using (await DatabaseWriteLock.TakeAsync(factory.Database, "WebhookEvents"))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
            answeredIn = watch.Elapsed;
            whileLocked = response.StatusCode;
        }
        var resent = await SendUntilNot503Async(http, body);
        var evt = await factory.WaitProcessedAsync(body);

        // Assert: Zoom sends an event again when it gets no 2xx within 3 seconds.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileLocked);
        Assert.True(answeredIn < TimeSpan.FromSeconds(3), $"Answered after {answeredIn.TotalSeconds:0.0} s.");
        Assert.Equal(HttpStatusCode.OK, resent);
        Assert.NotNull(evt.ProcessedAt);
        Assert.Equal(1, await WebhookEndpointTests.StoredCountAsync(factory, body));
        Assert.Single(factory.RecordingSink.Calls, c => c.Uuid == uuid);
    }

    /// <summary>As Zoom does; on a loaded machine the resent event may itself wait past the 1 s this host allows.</summary>
    private static async Task<HttpStatusCode> SendUntilNot503Async(HttpClient http, string body)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                return response.StatusCode;
            }
        }
    }
}
