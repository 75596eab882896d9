using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Notifications;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Alerts;

/// <summary>Administrators hear once when a connection's recorded health turns failing or limited, and again only after it was healthy.</summary>
public sealed class ConnectionAlertsTests : IAsyncLifetime
{
    private const string Secret = "enc-secret-must-not-leak";
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private ConnectionAlerts _alerts = null!;
    private int _id;

    public async Task InitializeAsync()
    {
        _alerts = new ConnectionAlerts(TestNotifications.Outbox(_clock), TestNotifications.Links());
        await using var db = _database.CreateDbContext();
        await TestNotifications.AddPeopleAsync(db, _clock.GetUtcNow());
        var c = new ZoomConnection
        {
            Name = "Main campus", Slug = "main", Kind = ConnectionKind.ServerToServer, AccountId = "acc", ClientId = "cid",
            EncryptedClientSecret = Secret, GrantedScopes = AllScopes, LastVerifiedAt = _clock.GetUtcNow(), CreatedAt = _clock.GetUtcNow(),
        };
        db.ZoomConnections.Add(c);
        await db.SaveChangesAsync();
        _id = c.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static string AllScopes => string.Join(' ', ZoomScopes.Needs.SelectMany(n => n.Classic));

    /// <summary>Changes the connection as a verification would, reviews it and saves both together.</summary>
    private async Task<List<OutboxMessage>> RecordAsync(Action<ZoomConnection> change)
    {
        await using var db = _database.CreateDbContext();
        var c = await db.ZoomConnections.FindAsync(_id);
        change(c!);
        await _alerts.ReviewAsync(db, c!, CancellationToken.None);
        await db.SaveChangesAsync();
        return await TestNotifications.MessagesAsync(db);
    }

    private static void Refused(ZoomConnection c) => c.LastError = "Zoom refused the credentials (invalid_client).";

    private static void Healthy(ZoomConnection c) => (c.LastError, c.GrantedScopes) = (null, AllScopes);

    [Fact]
    public async Task ReviewAsync_CredentialsRefused_QueuesOneMessageToAdministratorsWithConnectionLink()
    {
        // Act
        var messages = await RecordAsync(Refused);

        // Assert
        var message = Assert.Single(messages);
        Assert.Equal(NotificationKind.ConnectionProblem, message.Kind);
        Assert.Equal(TestNotifications.AdminEmail, message.ToAddress);
        Assert.Equal(_id, message.ConnectionId);
        Assert.Equal("Zoom connection failing: Main campus", message.Subject);
        Assert.Contains("Zoom refused the credentials (invalid_client).", message.TextBody);
        Assert.Contains($"Open the connection: {TestNotifications.PortalUrl}/connections/{_id}", message.TextBody);
        Assert.Contains($"href=\"{TestNotifications.PortalUrl}/connections/{_id}\"", message.HtmlBody);
        Assert.DoesNotContain(Secret, message.TextBody + message.HtmlBody);
    }

    [Fact]
    public async Task ReviewAsync_StillRefused_QueuesNothingMore()
    {
        // Arrange
        await RecordAsync(Refused);

        // Act
        var messages = await RecordAsync(Refused);

        // Assert
        Assert.Single(messages);
    }

    [Fact]
    public async Task ReviewAsync_HealthyThenRefusedAgain_QueuesAgain()
    {
        // Arrange
        await RecordAsync(Refused);
        await RecordAsync(Healthy);

        // Act
        var messages = await RecordAsync(Refused);

        // Assert
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task ReviewAsync_RequiredScopesRemoved_QueuesMissingScopesMessage()
    {
        // Act
        var messages = await RecordAsync(c => c.GrantedScopes = string.Join(' ', ZoomScopes.Needs.Where(n => !n.Required).SelectMany(n => n.Classic)));

        // Assert
        var message = Assert.Single(messages);
        Assert.Equal("Zoom connection failing: Main campus is missing required Zoom scopes", message.Subject);
        Assert.Contains("Missing required Zoom scopes:", message.TextBody);
    }

    [Fact]
    public async Task ReviewAsync_OptionalScopesRemoved_QueuesLimitedMessage()
    {
        // Act
        var messages = await RecordAsync(c => c.GrantedScopes = string.Join(' ', ZoomScopes.Needs.Where(n => n.Required).SelectMany(n => n.Classic)));

        // Assert
        var message = Assert.Single(messages);
        Assert.Equal("Zoom connection limited: Main campus is missing optional Zoom scopes", message.Subject);
    }

    [Fact]
    public async Task DeauthorizedAsync_Twice_QueuesOneMessage()
    {
        // Act
        await using var db = _database.CreateDbContext();
        var c = (await db.ZoomConnections.FindAsync(_id))!;
        await _alerts.DeauthorizedAsync(db, c, CancellationToken.None);
        await db.SaveChangesAsync();
        await _alerts.DeauthorizedAsync(db, c, CancellationToken.None);
        await db.SaveChangesAsync();

        // Assert
        var message = Assert.Single(await TestNotifications.MessagesAsync(db));
        Assert.Equal("Zoom app removed: Main campus is unlinked", message.Subject);
    }
}
