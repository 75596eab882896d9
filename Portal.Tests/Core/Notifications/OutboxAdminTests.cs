using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Notifications;

public sealed class OutboxAdminTests : IAsyncLifetime
{
    private readonly OutboxHarness _h = new();
    private LoopbackSmtpServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _smtp = await LoopbackSmtpServer.StartAsync();
        _smtp.Configure(_h.Email);
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task ResendAsync_FailedMessage_GoesBackToTheQueueAndIsDeliveredWithItsMessageId()
    {
        // Arrange
        _smtp.Refuse("client@students.example");
        var queued = await _h.QueueAsync();
        await _h.NewDelivery().DeliverDueAsync();
        await using var other = await LoopbackSmtpServer.StartAsync();
        other.Configure(_h.Email);

        // Act
        var result = await _h.Admin.ResendAsync(queued.Id);

        // Assert
        Assert.True(result.Queued);
        Assert.Equal(queued.Id, result.MessageId);
        Assert.Equal(OutboxStatus.Sent, (await _h.RowAsync(queued.Id)).Status);
        Assert.Equal(queued.MessageId, Assert.Single(other.Received).MessageId);
    }

    [Fact]
    public async Task ResendAsync_NotSentForLackOfAServer_IsDeliveredOnceAServerIsConfigured()
    {
        // Arrange
        _h.Email.Smtp.Host = null;
        var queued = await _h.QueueAsync();
        await _h.NewDelivery().DeliverDueAsync();
        _smtp.Configure(_h.Email);

        // Act
        var result = await _h.Admin.ResendAsync(queued.Id);

        // Assert
        Assert.True(result.Queued);
        var row = await _h.RowAsync(queued.Id);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Single(_smtp.Received);
    }

    [Fact]
    public async Task ResendAsync_SentMessage_QueuesACopyWithANewMessageId()
    {
        // Arrange
        var queued = await _h.QueueAsync();
        await _h.NewDelivery().DeliverDueAsync();

        // Act
        var result = await _h.Admin.ResendAsync(queued.Id);

        // Assert
        Assert.True(result.Queued);
        Assert.NotEqual(queued.Id, result.MessageId);
        Assert.Equal(2, _smtp.Received.Count);
        Assert.NotEqual(_smtp.Received[0].MessageId, _smtp.Received[1].MessageId);
        Assert.Equal(_smtp.Received[0].Subject, _smtp.Received[1].Subject);
        await using var db = await _h.Db.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == EmailAuditActions.Resent));
    }

    [Fact]
    public async Task ResendAsync_InvalidRecipient_IsRefusedWithTheReason()
    {
        // Arrange
        var queued = await _h.QueueAsync(to: "nobody");

        // Act
        var result = await _h.Admin.ResendAsync(queued.Id);

        // Assert
        Assert.False(result.Queued);
        Assert.Equal("Not resent: 'nobody' is not an e-mail address.", result.Message);
    }

    [Fact]
    public async Task SendTestAsync_ServerConfigured_ArrivesAtTheAdministratorsAddress()
    {
        // Arrange
        var admin = await _h.Actor.GetAsync();

        // Act
        var result = await _h.Admin.SendTestAsync(null);

        // Assert
        Assert.True(result.Sent, result.Message);
        var mail = Assert.Single(_smtp.Received);
        Assert.Equal(admin.Email, mail.To.Mailboxes.Single().Address);
        Assert.Equal("Test e-mail from North Writing Center's portal", mail.Subject);
        Assert.Equal($"Sent to {admin.Email}: the mail server accepted it.", result.Message);
    }

    [Fact]
    public async Task SendTestAsync_NoServerConfigured_SaysSoAndKeepsTheMessage()
    {
        // Arrange
        _h.Email.Smtp.Host = "";

        // Act
        var result = await _h.Admin.SendTestAsync("someone@school.example");

        // Assert
        Assert.False(result.Sent);
        Assert.StartsWith("Not sent: no mail server configured.", result.Message);
        Assert.Equal(OutboxStatus.NotSentNoServer, (await _h.RowAsync(result.MessageId!.Value)).Status);
    }

    [Fact]
    public async Task SendTestAsync_ServerRefuses_ShowsTheServersReason()
    {
        // Arrange
        _smtp.Refuse("someone@school.example", "Mailbox full");

        // Act
        var result = await _h.Admin.SendTestAsync("someone@school.example");

        // Assert
        Assert.False(result.Sent);
        Assert.Contains("550", result.Message);
        Assert.Contains("Mailbox full", result.Message);
    }

    [Fact]
    public async Task SendTestAsync_TypedAddressIsNotAnAddress_NothingIsQueued()
    {
        // Act
        var result = await _h.Admin.SendTestAsync("someone at school");

        // Assert
        Assert.False(result.Sent);
        Assert.Equal("'someone at school' is not an e-mail address.", result.Message);
        await using var db = await _h.Db.CreateDbContextAsync();
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task ListAsync_FilterAndWords_NewestFirstWithStatusInWords()
    {
        // Arrange
        _smtp.Refuse("gone@students.example", "No such user here");
        await _h.QueueAsync(to: "gone@students.example");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.QueueAsync(to: "client@students.example");
        await _h.NewDelivery().DeliverDueAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.QueueAsync(to: "bad");

        // Act
        var all = await _h.Admin.ListAsync(OutboxFilter.All, 0, 25);
        var failed = await _h.Admin.ListAsync(OutboxFilter.Failed, 0, 25);

        // Assert
        Assert.Equal(["bad", "client@students.example", "gone@students.example"], all.Items.Select(r => r.ToAddress));
        Assert.Equal("Invalid recipient: 'bad' is not an e-mail address.", all.Items[0].StatusText);
        Assert.Equal("Sent at 2026-12-01 10:01 UTC", all.Items[1].StatusText);
        Assert.Equal("The client's reminder before the session", all.Items[1].KindText);
        var row = Assert.Single(failed.Items);
        Assert.StartsWith("Failed: The mail server refused it: 550", row.StatusText);
        Assert.Equal(1, all.Counts[OutboxFilter.Failed]);
        Assert.Equal(3, all.Total);
    }

    [Fact]
    public async Task ListAsync_Director_IsRefused()
    {
        // Arrange
        _h.Actor.Set(Roles.Director, "dana@school.example");

        // Act / Assert
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Admin.ListAsync(OutboxFilter.All, 0, 25));
    }

    [Fact]
    public async Task SettingsAsync_PasswordSet_ShownOnlyAsSet()
    {
        // Arrange
        _h.Email.Smtp.User = "relay-user";
        _h.Email.Smtp.Password = "s3cret-value";

        // Act
        var settings = await _h.Admin.SettingsAsync();

        // Assert
        Assert.True(settings.PasswordSet);
        Assert.Equal("relay-user", settings.User);
        Assert.DoesNotContain("s3cret-value", settings.ToString());
    }
}
