using Portal.Core.Features.Staff;
using Portal.Core.Zoom;

namespace Portal.Tests.Core.Staff;

/// <summary>
/// A database from before one connection per Zoom account was enforced may hold two connections of one account, each with a
/// snapshot of the same users: the staff views still list each Zoom user once.
/// </summary>
public sealed class DuplicateAccountListingTests : IAsyncLifetime
{
    private readonly StaffTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    private static ZoomUser User(string? id, string email, int loginDaysAgo) =>
        new(id, email, null, null, email, (int)ZoomUserType.Licensed, ZoomUserStatus.Active, "acc-1", TimeProvider.System.GetUtcNow().AddDays(-loginDaysAgo), null, null);

    private async Task<(int First, int Second)> TwoConnectionsOfOneAccountAsync()
    {
        var first = await _host.AddConnectionAsync("Wizard app", accountId: "acc-1");
        var second = await _host.AddConnectionAsync("Link of the same account", accountId: "acc-1");
        await _host.AddMemberAsync("Lee", "lee@univ.edu", first);
        ZoomUser[] users =
        [
            User("l1", "lee@univ.edu", loginDaysAgo: 200),
            User("o1", "old@univ.edu", loginDaysAgo: 150),
            User("r1", "recent@univ.edu", loginDaysAgo: 3),
            User(null, "pending@univ.edu", loginDaysAgo: 1),
        ];
        var sync = _host.Get<IStaffSyncService>();
        foreach (var connection in new[] { first, second })
        {
            await sync.ApplyAsync(connection, users, new SyncFetchStats(1, 1, TimeProvider.System.GetUtcNow()), "test");
        }
        return (first, second);
    }

    [Fact]
    public async Task UnmatchedZoomUsers_TwoConnectionsOfOneAccount_EachUserOnceAndMatchedOnesNotAtAll()
    {
        // Arrange
        var (first, second) = await TwoConnectionsOfOneAccountAsync();

        // Act
        var (items, total) = await _host.Get<IStaffService>().UnmatchedZoomUsersAsync(null, null, 0, 100);
        var (onSecond, _) = await _host.Get<IStaffService>().UnmatchedZoomUsersAsync(second, null, 0, 100);

        // Assert
        Assert.Equal(3, total);
        Assert.Equal(["old@univ.edu", "pending@univ.edu", "recent@univ.edu"], items.Select(u => u.Email).Order());
        Assert.All(items, u => Assert.Equal(first, u.ConnectionId));
        Assert.DoesNotContain(onSecond, u => u.Email == "lee@univ.edu");
    }

    [Fact]
    public async Task ReclaimCandidates_TwoConnectionsOfOneAccount_EachPersonOnce()
    {
        // Arrange
        var (first, _) = await TwoConnectionsOfOneAccountAsync();
        _host.Actor.Actor = StaffTestHost.Admin;

        // Act
        var candidates = await _host.Get<IStaffService>().ReclaimCandidatesAsync(null);

        // Assert
        Assert.Equal(["l1", "o1"], candidates.Select(c => c.ZoomUserId).Order());
        Assert.Equal("Lee", candidates.Single(c => c.ZoomUserId == "l1").StaffName);
        Assert.All(candidates, c => Assert.Equal(first, c.ConnectionId));
    }
}
