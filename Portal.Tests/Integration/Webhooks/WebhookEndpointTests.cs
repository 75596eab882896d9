using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Features.Webhooks;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Webhooks;

public sealed class WebhookEndpointTests(WebhookPortalFactory factory) : IClassFixture<WebhookPortalFactory>
{
    private static string Unique() => Guid.NewGuid().ToString("N");

    private async Task<HttpClient> ClientAsync()
    {
        await factory.SeedConnectionsAsync();
        return factory.CreatePortalClient().Http;
    }

    [Fact]
    public async Task UrlValidation_SignedWithConnectionSecret_AnswersEncryptedToken()
    {
        // Arrange
        var http = await ClientAsync();
        var body = """{"event":"endpoint.url_validation","event_ts":1654503849680,"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"}}""";

        // Act
        using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("qgg8vlvZRS6UYooatFL8Aw", json.GetProperty("plainToken").GetString());
        Assert.Equal(WebhookSignature.EncryptPlainToken(WebhookPortalFactory.CenterSecret, "qgg8vlvZRS6UYooatFL8Aw"), json.GetProperty("encryptedToken").GetString());
    }

    [Fact]
    public async Task Post_WrongSecret_Is401AndStoresNothing()
    {
        // Arrange
        var http = await ClientAsync();
        var body = $$"""{"event":"meeting.deleted","payload":{"object":{"id":1,"uuid":"{{Unique()}}"} } }""";

        // Act
        using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", "not-the-secret", body);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var identity = WebhookSignature.Identity(Encoding.UTF8.GetBytes(body));
        await using var db = await factory.DbAsync();
        Assert.False(await db.WebhookEvents.AnyAsync(e => e.Identity == identity));
    }

    [Fact]
    public async Task Post_MissingHeadersOrStaleTimestamp_Is401()
    {
        // Arrange
        var http = await ClientAsync();
        var body = $$"""{"event":"meeting.deleted","payload":{"object":{"id":1,"uuid":"{{Unique()}}"} } }""";

        // Act
        using var unsigned = await http.PostAsync("zoom/webhooks/center-a", new StringContent(body, Encoding.UTF8, "application/json"));
        using var stale = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body, factory.Clock.GetUtcNow().AddMinutes(-10));
        using var unknownConnection = await WebhookSender.SendAsync(http, "/zoom/webhooks/no-such-center", WebhookPortalFactory.CenterSecret, body);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownConnection.StatusCode);
    }

    [Fact]
    public async Task Post_MalformedJsonSigned_Is400()
    {
        var http = await ClientAsync();
        using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_HugeBody_Is413Unread()
    {
        // Arrange
        var http = await ClientAsync();
        var huge = "{\"event\":\"x\",\"payload\":{\"pad\":\"" + new string('a', 400_000) + "\"}}";

        // Act
        using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, huge);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_SameEventThreeTimes_ProcessedOnce()
    {
        // Arrange
        var http = await ClientAsync();
        var uuid = Unique();
        var body = $$"""{"event":"recording.completed","event_ts":1740439732278,"payload":{"account_id":"acc-a","object":{"uuid":"{{uuid}}","id":123,"host_id":"h1"} } }""";

        // Act: Zoom retries after 5, 20 and 60 minutes when it thinks a delivery was lost.
        for (var i = 0; i < 3; i++)
        {
            using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var evt = await factory.WaitProcessedAsync(body);

        // Assert
        Assert.NotNull(evt.ProcessedAt);
        Assert.Equal(1, evt.Attempts);
        Assert.Equal(1, await StoredCountAsync(factory, body));
        Assert.Single(factory.RecordingSink.Calls, c => c.Uuid == uuid);
    }

    [Fact]
    public async Task Post_StoringFailsForAnotherReason_Is503AndNothingStored()
    {
        // Arrange
        var http = await ClientAsync();
        // Not a meeting event: those of meetings the portal did not create are dropped before anything is stored.
        var body = $$"""{"event":"user.updated","payload":{"account_id":"acc-a","object":{"id":"{{Unique()}}"} } }""";
        HttpStatusCode status;

        // Act
        await using (await factory.Database.FailInsertsAsync("WebhookEvents"))
        {
            using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
            status = response.StatusCode;
        }

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(0, await StoredCountAsync(factory, body));
    }

    internal static async Task<int> StoredCountAsync(WebhookPortalFactory factory, string body)
    {
        var identity = WebhookSignature.Identity(Encoding.UTF8.GetBytes(body));
        await using var db = await factory.DbAsync();
        return await db.WebhookEvents.CountAsync(e => e.Identity == identity);
    }

    [Fact]
    public async Task RecordingEvent_RefreshesTheConnectionsUsageSnapshot()
    {
        // Arrange
        var http = await ClientAsync();
        var (center, _) = await factory.SeedConnectionsAsync();
        var body = $$"""{"event":"recording.deleted","payload":{"account_id":"acc-a","object":{"uuid":"{{Unique()}}","id":77} } }""";

        // Act
        await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
        await factory.WaitProcessedAsync(body);

        // Assert: the storage figures are refreshed from Zoom by the usage job (its outcome depends on the test account).
        // Other tests of this class send recording events too; a burst is throttled to one refresh per few minutes.
        await using var db = await factory.DbAsync();
        Assert.True(await db.JobRuns.AnyAsync(r => r.JobName == "UsageSnapshot" && r.ConnectionId == center && r.TriggeredBy.StartsWith("webhook recording.")));
    }

    [Fact]
    public async Task AppDeauthorized_OnAppEndpoint_DeletesTokensAndUnlinks()
    {
        // Arrange
        var http = await ClientAsync();
        var (_, linked) = await factory.SeedConnectionsAsync();
        var admin = $"{Unique()}@writing.example.edu";
        await using (var db = await factory.DbAsync())
        {
            db.ZoomUserSnapshots.Add(new ZoomUserSnapshot { ConnectionId = linked, Email = "x@y.edu", NormalizedEmail = "x@y.edu", Status = "active" });
            db.NotificationRecipients.Add(new NotificationRecipient
            {
                Email = admin, Roles = Roles.Admin, LastSignInAt = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        var body = $$"""{"event":"app_deauthorized","event_ts":1740439732278,"payload":{"account_id":"{{WebhookPortalFactory.LinkedAccountId}}","user_id":"u1","client_id":"c1","deauthorization_time":"2026-11-25T10:00:00Z"} }""";

        // Act
        using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/app", WebhookPortalFactory.AppSecret, body, milliseconds: true);
        var evt = await factory.WaitProcessedAsync(body);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(evt.Error);
        await using var check = await factory.DbAsync();
        var connection = await check.ZoomConnections.AsNoTracking().FirstAsync(c => c.Id == linked);
        Assert.Null(connection.EncryptedAccessToken);
        Assert.Null(connection.EncryptedRefreshToken);
        Assert.True(connection.Disabled);
        Assert.False(await check.ZoomUserSnapshots.AnyAsync(s => s.ConnectionId == linked));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "connection.deauthorized"));
        var message = await check.OutboxMessages.AsNoTracking().SingleAsync(m => m.ToAddress == admin);
        Assert.Equal(NotificationKind.ConnectionProblem, message.Kind);
        Assert.Equal(linked, message.ConnectionId);
        Assert.StartsWith("Zoom app removed: ", message.Subject);
        Assert.Contains($"/connections/{linked}", message.TextBody);
    }

    [Fact]
    public async Task AppEndpoint_UnknownAccount_AcknowledgedAndIgnored()
    {
        var http = await ClientAsync();
        var body = $$"""{"event":"app_deauthorized","payload":{"account_id":"{{Unique()}}"} }""";
        using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/app", WebhookPortalFactory.AppSecret, body);
        var evt = await factory.WaitProcessedAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(evt.ConnectionId);
    }

    [Theory]
    [InlineData("user.invitation_accepted", 2, MappingStatus.Pending, MappingStatus.Ready)]
    [InlineData("user.activated", 1, MappingStatus.Deactivated, MappingStatus.Basic)]
    [InlineData("user.deactivated", 2, MappingStatus.Ready, MappingStatus.Deactivated)]
    [InlineData("user.deleted", 2, MappingStatus.Ready, MappingStatus.NotInZoom)]
    [InlineData("user.created", 1, MappingStatus.NotInZoom, MappingStatus.Pending)]
    [InlineData("user.updated", 2, MappingStatus.Basic, MappingStatus.Ready)]
    public async Task UserEvents_UpdateTheMemberMappingAtOnce(string eventName, int type, MappingStatus before, MappingStatus after)
    {
        // Arrange
        var http = await ClientAsync();
        var (center, _) = await factory.SeedConnectionsAsync();
        var email = $"{Unique()}@writing.example.edu";
        await using (var db = await factory.DbAsync())
        {
            db.StaffMembers.Add(new StaffMember
            {
                Name = "Webhook Person", Email = email.ToUpperInvariant(), NormalizedEmail = email, ConnectionId = center,
                Mapping = new StaffMapping { Status = before, ZoomUserId = before == MappingStatus.Pending ? null : "zid-" + email[..8] },
            });
            await db.SaveChangesAsync();
        }
        var body = $$"""{"event":"{{eventName}}","event_ts":1740439732278,"payload":{"account_id":"acc-a","object":{"id":"zid-{{email[..8]}}","email":"{{email}}","type":{{type}}} } }""";

        // Act
        using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
        var evt = await factory.WaitProcessedAsync(body);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(evt.Error);
        await using var check = await factory.DbAsync();
        var mapping = await check.StaffMappings.AsNoTracking().FirstAsync(m => m.StaffMember!.NormalizedEmail == email);
        Assert.Equal(after, mapping.Status);
        Assert.Equal($"zid-{email[..8]}", mapping.ZoomUserId);
    }

    [Fact]
    public async Task MeetingEvents_UpdateAndDeleteTheSession()
    {
        // Arrange
        var http = await ClientAsync();
        var (center, _) = await factory.SeedConnectionsAsync();
        var meetingId = Random.Shared.NextInt64(80_000_000_000, 89_999_999_999);
        await using (var db = await factory.DbAsync())
        {
            var staff = new StaffMember { Name = "Host", Email = $"{Unique()}@x.edu", NormalizedEmail = $"{Unique()}@x.edu", ConnectionId = center };
            db.Sessions.Add(new Session
            {
                StaffMember = staff, ConnectionId = center, ClientName = "Client", ClientEmail = "c@x.edu", StartsAt = factory.Clock.GetUtcNow().AddDays(1),
                TimeZone = "UTC", DurationMinutes = 30, Topic = "Essay review", ZoomMeetingId = meetingId, JoinTokenHash = Unique(),
            });
            await db.SaveChangesAsync();
        }
        var updated = $$"""{"event":"meeting.updated","payload":{"account_id":"acc-a","object":{"id":{{meetingId}},"topic":"Thesis review","duration":45,"start_time":"2030-01-02T15:00:00Z"} } }""";
        var deleted = $$"""{"event":"meeting.deleted","payload":{"account_id":"acc-a","object":{"id":"{{meetingId}}","uuid":"u=="} } }""";

        // Act
        await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, updated);
        await factory.WaitProcessedAsync(updated);
        Session afterUpdate;
        await using (var db = await factory.DbAsync())
        {
            afterUpdate = await db.Sessions.AsNoTracking().FirstAsync(s => s.ZoomMeetingId == meetingId);
        }
        await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, deleted);
        await factory.WaitProcessedAsync(deleted);

        // Assert
        Assert.Equal("Thesis review", afterUpdate.Topic);
        Assert.Equal(45, afterUpdate.DurationMinutes);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 15, 0, 0, TimeSpan.Zero), afterUpdate.StartsAt);
        await using var check = await factory.DbAsync();
        Assert.Equal(SessionState.DeletedInZoom, (await check.Sessions.AsNoTracking().FirstAsync(s => s.ZoomMeetingId == meetingId)).State);
    }

    [Fact]
    public async Task UnknownEvent_AcknowledgedAndMarkedProcessed()
    {
        var http = await ClientAsync();
        var body = $$"""{"event":"webinar.started","payload":{"object":{"id":"{{Unique()}}"} } }""";
        using var response = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
        var evt = await factory.WaitProcessedAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(evt.ProcessedAt);
    }

    [Fact]
    public async Task FailedEvent_RetryAfterTheCauseIsGone_Processes()
    {
        // Arrange
        var http = await ClientAsync();
        factory.RecordingSink.FailuresToThrow = 1;
        var body = $$"""{"event":"recording.trashed","payload":{"object":{"uuid":"{{Unique()}}","id":5} } }""";
        await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
        var failed = await factory.WaitProcessedAsync(body);

        // Act
        var processor = (IWebhookEventProcessor)factory.Services.GetService(typeof(IWebhookEventProcessor))!;
        var retried = await processor.RetryAsync(failed.Id, CancellationToken.None);

        // Assert
        Assert.Null(failed.ProcessedAt);
        Assert.Equal($"The portal could not apply this recording event (an unexpected error). Press Retry; if it fails again, " +
            $"give your portal's operator the event number {failed.Id}: the details are in the portal's log.", failed.Error);
        Assert.True(retried);
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<IWebhookAdmin>();
        var page = await admin.ListAsync(WebhookEventFilter.Processed, "recording.trashed", 0, 50);
        Assert.Contains(page.Items, e => e.Id == failed.Id);
    }

    [Fact]
    public async Task RecordingEvent_WithoutMeetingUuid_FailsWithAReasonInWords()
    {
        // Arrange: (a meeting event without its meeting's number cannot be one of the portal's meetings, so it is not stored at all)
        var http = await ClientAsync();
        var body = $$"""{"event":"recording.completed","payload":{"object":{"id":{{Random.Shared.Next(1, 999_999)}},"topic":"{{Unique()}}"} } }""";

        // Act
        await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, body);
        var failed = await factory.WaitProcessedAsync(body);

        // Assert
        Assert.Null(failed.ProcessedAt);
        Assert.Equal("Zoom sent this recording event without the recorded meeting's ID, so the portal changed nothing. " +
            "Retrying will not help; the next staff sync and session checks catch up with Zoom.", failed.Error);
    }

    [Fact]
    public async Task WebhooksPage_AdminOnly()
    {
        // Arrange
        await factory.SeedConnectionsAsync();
        using var admin = factory.CreatePortalClient();
        using var director = factory.CreatePortalClient();
        await admin.SignInAsync("admin");
        await director.SignInAsync("director");

        // Act
        using var allowed = await admin.GetAsync("/webhooks");
        using var forbidden = await director.GetAsync("/webhooks");

        // Assert
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await admin.SeenAsync("/webhooks", "Zoom webhook events");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Burst_ConcurrentEvents_NoneLost()
    {
        // Arrange: intake speed (10,000 events, 16 senders) is measured by the benchmark suite ("webhooks"); this checks
        // that concurrent deliveries are all stored and processed once.
        const int events = 200;
        var http = await ClientAsync();
        var bodies = Enumerable.Range(0, events)
            .Select(i => $$"""{"event":"recording.completed","payload":{"account_id":"acc-a","object":{"uuid":"burst-{{i}}-{{Unique()}}","id":{{i}}} } }""").ToList();

        // Act
        using var gate = new SemaphoreSlim(16);
        var statuses = await Task.WhenAll(bodies.Select(async b =>
        {
            await gate.WaitAsync();
            try
            {
                // Like Zoom, sends again what was answered 503 (database busy past Webhooks:StoreTimeout on a loaded machine).
                for (var attempt = 1; ; attempt++)
                {
                    using var r = await WebhookSender.SendAsync(http, "/zoom/webhooks/center-a", WebhookPortalFactory.CenterSecret, b);
                    if (r.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
                    {
                        return r.StatusCode;
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        var identities = bodies.Select(b => WebhookSignature.Identity(Encoding.UTF8.GetBytes(b))).ToList();
        var stored = 0;
        var processed = 0;
        for (var i = 0; i < 600 && processed < events; i++)
        {
            await using var db = await factory.DbAsync();
            stored = await db.WebhookEvents.CountAsync(e => identities.Contains(e.Identity));
            processed = await db.WebhookEvents.CountAsync(e => identities.Contains(e.Identity) && e.ProcessedAt != null);
            await Task.Delay(processed < events ? 100 : 0);
        }

        // Assert
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(events, stored);
        Assert.Equal(events, processed);
    }
}
