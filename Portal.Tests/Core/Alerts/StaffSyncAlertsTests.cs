using Portal.Core.Features.Notifications;
using Portal.Core.Features.Staff;
using Portal.Core.Zoom;
using Portal.Tests.Core.Staff;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Alerts;

/// <summary>A failing staff sync tells administrators once, until a sync succeeds again.</summary>
public sealed class StaffSyncAlertsTests : IAsyncLifetime
{
    private readonly StaffTestHost _host = new();
    private int _connection;

    public async Task InitializeAsync()
    {
        _connection = await _host.AddConnectionAsync("Main campus");
        await _host.AddMemberAsync("Ready", "ready@univ.edu", _connection);
        _host.Zoom.Users.Add(new ZoomUser("z1", "ready@univ.edu", null, null, "ready@univ.edu", (int)ZoomUserType.Licensed, ZoomUserStatus.Active, "acc", null, null, null));
        await using var db = await _host.DbAsync();
        await TestNotifications.AddPeopleAsync(db, TimeProvider.System.GetUtcNow());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<List<OutboxMessage>> SyncAsync(bool fails)
    {
        _host.Zoom.ListFailure = fails ? new ZoomOAuthException(System.Net.HttpStatusCode.BadRequest, "invalid_client", "Invalid client_id or client_secret") : null;
        var sync = _host.Get<IStaffSyncService>();
        if (fails)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => sync.SyncAsync(_connection, null, "schedule"));
        }
        else
        {
            await sync.SyncAsync(_connection, null, "schedule");
        }
        await using var db = await _host.DbAsync();
        return await TestNotifications.MessagesAsync(db, NotificationKind.StaffSyncFailed);
    }

    [Fact]
    public async Task Sync_ZoomRefuses_QueuesOneMessageToAdministratorsWithTheReasonAndStaffLink()
    {
        // Act
        var messages = await SyncAsync(fails: true);

        // Assert
        var message = Assert.Single(messages);
        Assert.Equal(TestNotifications.AdminEmail, message.ToAddress);
        Assert.Equal(_connection, message.ConnectionId);
        Assert.Equal("Staff sync failed on Main campus", message.Subject);
        Assert.Contains("Zoom refused the connection's credentials", message.TextBody);
        Assert.Contains($"Open the staff page: {TestNotifications.PortalUrl}/staff?connection={_connection}", message.TextBody);
        Assert.Contains($"{TestNotifications.PortalUrl}/connections/{_connection}", message.HtmlBody);
    }

    [Fact]
    public async Task Sync_FailsTwice_QueuesOnlyOnce()
    {
        // Arrange
        await SyncAsync(fails: true);

        // Act
        var messages = await SyncAsync(fails: true);

        // Assert
        Assert.Single(messages);
    }

    [Fact]
    public async Task Sync_FailsAfterASuccessfulSync_QueuesAgain()
    {
        // Arrange
        await SyncAsync(fails: true);
        await SyncAsync(fails: false);

        // Act
        var messages = await SyncAsync(fails: true);

        // Assert
        Assert.Equal(2, messages.Count);
    }
}
