using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;

namespace Portal.Tests.Core.Notifications;

public sealed class NotificationDigestTests : IAsyncLifetime
{
    private readonly NotificationsHarness _h = new("director");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task SendDueAsync_NoItems_QueuesNothing()
    {
        // Arrange
        await DirectorChoosingDigestAsync("dana@school.edu", DigestFrequency.Daily);

        // Act
        var sent = await _h.Digest.SendDueAsync();

        // Assert
        Assert.Equal(0, sent);
        await using var db = _h.Db();
        Assert.Empty(await db.OutboxMessages.ToListAsync());
    }

    [Fact]
    public async Task SendDueAsync_Daily_OnceADayWithTheItemsGroupedByKind()
    {
        // Arrange
        await DirectorChoosingDigestAsync("dana@school.edu", DigestFrequency.Daily);
        await _h.QueueForRoleAsync(NotificationKind.StorageThreshold, "Storage at 85%");
        await _h.QueueForRoleAsync(NotificationKind.NoShow, "No-show: Essay review");
        await _h.QueueForRoleAsync(NotificationKind.StorageThreshold, "Storage at 95%");

        // Act: not yet a day after the first item, then a day after
        _h.Clock.Advance(TimeSpan.FromHours(12));
        var early = await _h.Digest.SendDueAsync();
        _h.Clock.Advance(TimeSpan.FromHours(12));
        var due = await _h.Digest.SendDueAsync();

        // Assert
        Assert.Equal((0, 1), (early, due));
        await using var db = _h.Db();
        var message = await db.OutboxMessages.SingleAsync();
        Assert.Equal((NotificationKind.Digest, "dana@school.edu", OutboxStatus.Waiting), (message.Kind, message.ToAddress, message.Status));
        Assert.Equal("Your daily digest from Writing Center: 3 updates", message.Subject);
        var storage = message.TextBody.IndexOf(NotificationKinds.Describe(NotificationKind.StorageThreshold), StringComparison.Ordinal);
        var noShow = message.TextBody.IndexOf(NotificationKinds.Describe(NotificationKind.NoShow), StringComparison.Ordinal);
        Assert.True(storage > 0 && noShow > storage, message.TextBody);
        Assert.Contains("- Storage at 95%: Storage at 95% on Main account.\n  https://portal.example.edu/dashboards/1", message.TextBody);
        Assert.Contains("<a href=\"https://portal.example.edu/dashboards/1\">Storage at 85%</a>", message.HtmlBody);
        var person = await db.NotificationRecipients.SingleAsync();
        Assert.Equal((NotificationsHarness.Now.AddDays(1), person.Id), (person.LastDigestAt!.Value, message.RecipientId!.Value));
        Assert.All(await db.DigestItems.ToListAsync(), i => Assert.Equal(message.Id, i.DigestMessageId));
    }

    [Fact]
    public async Task SendDueAsync_Weekly_WaitsAWeekFromTheLastDigest()
    {
        // Arrange
        await DirectorChoosingDigestAsync("dana@school.edu", DigestFrequency.Weekly);
        await _h.QueueForRoleAsync(NotificationKind.NoShow, "No-show: Essay review");
        _h.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await _h.Digest.SendDueAsync());
        await _h.QueueForRoleAsync(NotificationKind.NoShow, "No-show: Thesis");

        // Act
        _h.Clock.Advance(TimeSpan.FromDays(2));
        var afterTwoDays = await _h.Digest.SendDueAsync();
        _h.Clock.Advance(TimeSpan.FromDays(5));
        var afterAWeek = await _h.Digest.SendDueAsync();

        // Assert
        Assert.Equal((0, 1), (afterTwoDays, afterAWeek));
        await using var db = _h.Db();
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Kind == NotificationKind.Digest));
    }

    [Fact]
    public async Task SendDueAsync_RunAgain_AnItemIsInOneDigestOnly()
    {
        // Arrange
        await DirectorChoosingDigestAsync("dana@school.edu", DigestFrequency.Daily);
        await DirectorChoosingDigestAsync("dora@school.edu", DigestFrequency.Daily);
        await _h.QueueForRoleAsync(NotificationKind.NoShow, "No-show: Essay review");
        _h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, await _h.Digest.SendDueAsync());

        // Act: a day later with one new item
        await _h.QueueForRoleAsync(NotificationKind.NoShow, "No-show: Thesis");
        _h.Clock.Advance(TimeSpan.FromDays(1));
        var second = await _h.Digest.SendDueAsync();
        var third = await _h.Digest.SendDueAsync();

        // Assert
        Assert.Equal((2, 0), (second, third));
        await using var db = _h.Db();
        var digests = await db.OutboxMessages.Where(m => m.ToAddress == "dana@school.edu").ToListAsync();
        var texts = digests.OrderBy(m => m.Id).Select(m => m.TextBody).ToList();
        Assert.Contains("Essay review", texts[0]);
        Assert.DoesNotContain("Essay review", texts[1]);
        Assert.Contains("Thesis", texts[1]);
        Assert.Equal(4, await db.DigestItems.CountAsync(i => i.DigestMessageId != null));
    }

    private async Task DirectorChoosingDigestAsync(string email, DigestFrequency frequency)
    {
        await _h.SignInAsync(email, Roles.Director);
        await using var db = _h.Db();
        var person = await db.NotificationRecipients.SingleAsync(r => r.Email == email);
        person.DigestFrequency = frequency;
        db.NotificationPreferences.AddRange(NotificationKinds.ForDirectors.Select(kind =>
            new NotificationPreference { RecipientId = person.Id, Kind = kind, Delivery = NotificationDelivery.InDigest }));
        await db.SaveChangesAsync();
    }
}
