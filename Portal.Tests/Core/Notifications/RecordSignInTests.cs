using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;

namespace Portal.Tests.Core.Notifications;

public sealed class RecordSignInTests : IAsyncLifetime
{
    private readonly NotificationsHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task RecordAsync_FirstSignIn_AddsRowWithRolesAndTime()
    {
        // Arrange
        var person = new SignedInPerson("oid-1", "dana@school.edu", "Dana", [Roles.Director, "Other.Role"]);

        // Act
        await _h.SignIns.RecordAsync(person);

        // Assert
        await using var db = _h.Db();
        var row = await db.NotificationRecipients.SingleAsync();
        Assert.Equal(("oid-1", "dana@school.edu", "Dana", Roles.Director), (row.ObjectId, row.Email, row.Name, row.Roles));
        Assert.Equal(NotificationsHarness.Now, row.LastSignInAt);
        Assert.Null(row.AddressProblem);
    }

    [Fact]
    public async Task RecordAsync_KnownObjectIdWithNewRolesAndAddress_UpdatesTheSameRow()
    {
        // Arrange
        await _h.SignIns.RecordAsync(new SignedInPerson("oid-1", "dana@school.edu", "Dana", [Roles.Admin, Roles.Director]));
        _h.Clock.Advance(TimeSpan.FromDays(3));

        // Act
        await _h.SignIns.RecordAsync(new SignedInPerson("oid-1", "dana.d@school.edu", "Dana D", [Roles.Teacher]));

        // Assert
        await using var db = _h.Db();
        var row = await db.NotificationRecipients.SingleAsync();
        Assert.Equal(("dana.d@school.edu", "Dana D", Roles.Teacher), (row.Email, row.Name, row.Roles));
        Assert.Equal(NotificationsHarness.Now.AddDays(3), row.LastSignInAt);
    }

    [Fact]
    public async Task RecordAsync_RowWithSameAddressInOtherCase_TakesItOver()
    {
        // Arrange: a row made on the preferences page before the sign-in carried an object id
        await using (var db = _h.Db())
        {
            db.NotificationRecipients.Add(new NotificationRecipient { Email = "Dana@School.edu", Roles = Roles.Director });
            await db.SaveChangesAsync();
        }

        // Act
        await _h.SignIns.RecordAsync(new SignedInPerson("oid-1", "dana@school.edu", "Dana", [Roles.Director]));

        // Assert
        await using var check = _h.Db();
        var row = await check.NotificationRecipients.SingleAsync();
        Assert.Equal("oid-1", row.ObjectId);
    }

    [Fact]
    public async Task RecordAsync_InvalidAddress_KeepsTheProblem()
    {
        // Act
        await _h.SignIns.RecordAsync(new SignedInPerson("oid-1", "dana at school", "Dana", [Roles.Director]));

        // Assert
        await using var db = _h.Db();
        Assert.Contains("'dana at school' is not an e-mail address", (await db.NotificationRecipients.SingleAsync()).AddressProblem);
    }

    [Fact]
    public async Task RecordAsync_DatabaseRefusesTheRow_DoesNotThrow()
    {
        // Arrange
        await using var failing = await _h.Database.FailInsertsAsync("NotificationRecipients");

        // Act
        var error = await Record.ExceptionAsync(() => _h.SignIns.RecordAsync(new SignedInPerson("oid-1", "dana@school.edu", "Dana", [Roles.Director])));

        // Assert
        Assert.Null(error);
    }
}
