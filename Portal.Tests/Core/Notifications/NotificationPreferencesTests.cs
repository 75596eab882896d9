using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;

namespace Portal.Tests.Core.Notifications;

public sealed class NotificationPreferencesTests : IAsyncLifetime
{
    private readonly NotificationsHarness _h = new("director");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GetMineAsync_NothingChosen_ShowsTheRoleDefaults()
    {
        // Act
        var mine = await _h.Preferences.GetMineAsync();

        // Assert: a director chooses the directors' and the teachers' kinds, each on by default
        Assert.Equal(NotificationKinds.ForDirectors.Concat(NotificationKinds.ForTeachers), mine.Kinds.Select(k => k.Kind));
        Assert.All(mine.Kinds, k => Assert.Equal((NotificationDelivery.Immediately, NotificationDelivery.Immediately), (k.Default, k.Chosen)));
        Assert.Equal("dana.director@writing.example.edu", mine.Email);
        Assert.Equal(DigestFrequency.Daily, mine.Frequency);
    }

    [Fact]
    public async Task SaveMineAsync_NoRecipientRowYet_CreatesOneSavesAndAudits()
    {
        // Act
        await _h.Preferences.SaveMineAsync(new NotificationChoices(
            new Dictionary<NotificationKind, NotificationDelivery> { [NotificationKind.NoShow] = NotificationDelivery.InDigest }, DigestFrequency.Weekly));

        // Assert
        var mine = await _h.Preferences.GetMineAsync();
        Assert.Equal(NotificationDelivery.InDigest, mine.Kinds.Single(k => k.Kind == NotificationKind.NoShow).Chosen);
        Assert.Equal(DigestFrequency.Weekly, mine.Frequency);
        await using var db = _h.Db();
        var row = await db.NotificationRecipients.SingleAsync();
        Assert.Equal(("dev-director", Roles.Director, NotificationsHarness.Now), (row.ObjectId, row.Roles, row.LastSignInAt!.Value));
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(NotificationPreferenceAuditActions.Saved, entry.Action);
        Assert.Equal("dana.director@writing.example.edu saved the e-mail preferences of dana.director@writing.example.edu", AuditSentence.Describe(entry).Split(':')[0]);
        Assert.Contains("No show Immediately → In the digest", AuditSentence.Words(entry).Details);
        Assert.Contains("Digest daily → weekly", AuditSentence.Words(entry).Details);
    }

    [Fact]
    public async Task SaveMineAsync_ChoiceSaved_QueueForRoleFollowsIt()
    {
        // Arrange
        await _h.SignInAsync("dana.director@writing.example.edu", Roles.Director);

        // Act
        await _h.Preferences.SaveMineAsync(new NotificationChoices(
            new Dictionary<NotificationKind, NotificationDelivery> { [NotificationKind.StorageThreshold] = NotificationDelivery.Off }, DigestFrequency.Daily));
        await _h.QueueForRoleAsync(NotificationKind.StorageThreshold);

        // Assert
        await using var db = _h.Db();
        Assert.Equal(1, await db.NotificationRecipients.CountAsync());
        Assert.Empty(await db.OutboxMessages.ToListAsync());
    }

    [Fact]
    public async Task SaveMineAsync_KindOfAnotherRole_IsRefused()
    {
        // Act
        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _h.Preferences.SaveMineAsync(new NotificationChoices(
            new Dictionary<NotificationKind, NotificationDelivery> { [NotificationKind.ConnectionProblem] = NotificationDelivery.Immediately }, DigestFrequency.Daily)));

        // Assert
        Assert.Contains("A Zoom connection fails", error.Message);
        await using var db = _h.Db();
        Assert.Empty(await db.NotificationPreferences.ToListAsync());
    }

    [Fact]
    public async Task GetMineAsync_RecentMessagesNotDelivered_SaysWhyInWords()
    {
        // Arrange
        await _h.SignInAsync("dana.director@writing.example.edu", Roles.Director);
        await using (var db = _h.Db())
        {
            db.OutboxMessages.AddRange(
                Message("Storage at 85%", OutboxStatus.Failed, "550 Mailbox unavailable", NotificationsHarness.Now.AddDays(-1)),
                Message("Old one", OutboxStatus.Failed, "550", NotificationsHarness.Now.AddDays(-40)),
                Message("Sent fine", OutboxStatus.Sent, null, NotificationsHarness.Now.AddHours(-1)));
            await db.SaveChangesAsync();
        }

        // Act
        var mine = await _h.Preferences.GetMineAsync();

        // Assert
        var undelivered = Assert.Single(mine.Undelivered);
        Assert.Equal(("Storage at 85%", "Could not be delivered: 550 Mailbox unavailable"), (undelivered.Subject, undelivered.Problem));
    }

    private static OutboxMessage Message(string subject, OutboxStatus status, string? error, DateTimeOffset at) => new()
    {
        MessageId = Guid.NewGuid().ToString("N"), ToAddress = "dana.director@writing.example.edu", Subject = subject, TextBody = "t", HtmlBody = "h",
        Status = status, LastError = error, CreatedAt = at, NextAttemptAt = at,
    };
}
