using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Webhooks;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Webhooks;

/// <summary>On the run's provider (SQLite, or PostgreSQL when test.sh selects it), with the errors the database really raises.</summary>
public sealed class WebhookStoreErrorsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task IsDuplicateIdentity_SameEventStoredTwice_IsTrue()
    {
        // Arrange
        await InsertAsync(Event("identity-1"));

        // Act
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => InsertAsync(Event("identity-1")));

        // Assert
        Assert.True(WebhookStoreErrors.IsDuplicateIdentity(error));
    }

    [Fact]
    public async Task IsDuplicateIdentity_AnotherUniqueIndexViolated_IsFalse()
    {
        // Arrange
        await InsertAsync(LinkAttempt("state-1"));

        // Act
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => InsertAsync(LinkAttempt("state-1")));

        // Assert
        Assert.False(WebhookStoreErrors.IsDuplicateIdentity(error));
    }

    [Fact]
    public async Task IsDuplicateIdentity_InsertRefusedForAnotherReason_IsFalse()
    {
        // Arrange
        await using var failing = await _database.FailInsertsAsync("WebhookEvents");

        // Act
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => InsertAsync(Event("identity-2")));

        // Assert
        Assert.False(WebhookStoreErrors.IsDuplicateIdentity(error));
    }

    private static WebhookEvent Event(string identity) =>
        new() { Event = "meeting.deleted", Identity = identity, Body = "{}", ReceivedAt = DateTimeOffset.UnixEpoch };

    private static ZoomLinkAttempt LinkAttempt(string stateHash) =>
        new() { StateHash = stateHash, BrowserBindingHash = "binding", EncryptedCodeVerifier = "verifier" };

    private async Task InsertAsync(object entity)
    {
        await using var db = _database.CreateDbContext();
        db.Add(entity);
        await db.SaveChangesAsync();
    }
}
