using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;

namespace Portal.Tests.Core.Notifications;

/// <summary>Who QueueForRoleAsync writes to, as sign-ins and configuration change.</summary>
public sealed class RoleRecipientsTests : IAsyncLifetime
{
    private readonly NotificationsHarness _h = new("director", "alerts@school.edu");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task QueueForRoleAsync_RoleRemovedAtNextSignIn_StopsWritingToThePerson()
    {
        // Arrange
        await _h.SignInAsync("dana@school.edu", Roles.Director);
        await _h.QueueForRoleAsync(NotificationKind.StorageThreshold);
        _h.Clock.Advance(TimeSpan.FromDays(1));
        await _h.SignInAsync("dana@school.edu", Roles.Teacher);

        // Act
        await _h.QueueForRoleAsync(NotificationKind.StorageThreshold, "Storage at 95%");

        // Assert
        await using var db = _h.Db();
        var subjects = await db.OutboxMessages.Where(m => m.ToAddress == "dana@school.edu").Select(m => m.Subject).ToListAsync();
        Assert.Equal(["Storage at 85%"], subjects);
    }

    [Fact]
    public async Task QueueForRoleAsync_NoSignInForLongerThanRecipientMaxAge_StopsWritingToThePerson()
    {
        // Arrange
        await _h.Configured.SyncAsync();
        await _h.SignInAsync("dana@school.edu", Roles.Director);
        await _h.SignInAsync("dora@school.edu", Roles.Director);
        _h.Clock.Advance(_h.Email.RecipientMaxAge - TimeSpan.FromHours(1));
        await _h.SignInAsync("dora@school.edu", Roles.Director);
        _h.Clock.Advance(TimeSpan.FromHours(2));

        // Act
        await _h.QueueForRoleAsync(NotificationKind.StorageThreshold);

        // Assert: Dora signed in within the age, Dana did not; the configured address always receives
        await using var db = _h.Db();
        var to = await db.OutboxMessages.Select(m => m.ToAddress).OrderBy(a => a).ToListAsync();
        Assert.Equal(["alerts@school.edu", "dora@school.edu"], to);
    }

    [Fact]
    public async Task SyncAsync_ConfigurationChanged_RowsMatchIt()
    {
        // Arrange
        await _h.Configured.SyncAsync();
        _h.Email.AlertRecipients = ["ALERTS@school.edu", "it-desk@school.edu"];

        // Act
        await _h.Configured.SyncAsync();

        // Assert: the same address in another case stays one row, the new one is added
        await using (var db = _h.Db())
        {
            var rows = await db.NotificationRecipients.OrderBy(r => r.Id).Select(r => new { r.Email, r.FromConfiguration }).ToListAsync();
            Assert.Equal([new { Email = "alerts@school.edu", FromConfiguration = true }, new { Email = "it-desk@school.edu", FromConfiguration = true }], rows);
        }

        // Act: one taken out of configuration
        _h.Email.AlertRecipients = ["it-desk@school.edu"];
        await _h.Configured.SyncAsync();

        // Assert
        await using var check = _h.Db();
        Assert.Equal(["it-desk@school.edu"], await check.NotificationRecipients.Select(r => r.Email).ToListAsync());
    }

    [Fact]
    public async Task SyncAsync_SignedInPersonWithTheSameAddress_IsLeftAlone()
    {
        // Arrange
        await _h.SignInAsync("alerts@school.edu", Roles.Teacher);
        _h.Email.AlertRecipients = [];

        // Act
        await _h.Configured.SyncAsync();

        // Assert
        await using var db = _h.Db();
        var row = await db.NotificationRecipients.SingleAsync();
        Assert.False(row.FromConfiguration);
    }

    [Fact]
    public void Validate_AddressThatIsNoAddress_NamesTheKey()
    {
        // Arrange
        var options = new EmailOptions { AlertRecipients = ["it@school.edu", "not an address"] };

        // Act
        var result = new AlertRecipientsValidator().Validate(Options.DefaultName, options);

        // Assert
        Assert.True(result.Failed);
        Assert.Equal("Email:AlertRecipients:1 must be an e-mail address (was 'not an address').", Assert.Single(result.Failures!));
    }
}
