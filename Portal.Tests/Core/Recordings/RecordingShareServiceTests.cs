using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Recordings;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Recordings;

public sealed class RecordingShareServiceTests : IAsyncLifetime
{
    private readonly RecordingsTestHost _host = new();

    public Task InitializeAsync()
    {
        var now = _host.Clock.GetUtcNow();
        _host.Zoom.Meetings.Add(FakeRecordingsZoomClient.Meeting("terry-a==", 8100, RecordingsTestHost.TerryZoomId, "Thesis draft", now.AddDays(-2)));
        _host.Zoom.Meetings.Add(FakeRecordingsZoomClient.Meeting("tess-a==", 9100, RecordingsTestHost.TessZoomId, "Tess essay", now.AddDays(-2)));
        _host.AddSession(_host.Terry, 8100, "Sam Student");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CreateAsync_OwnRecording_StoresOnlyTheHashAndTheLinkOpensForTheSessionClient()
    {
        // Arrange
        _host.SignInAs("teacher");
        var shares = _host.Get<IRecordingShareService>();

        // Act
        var created = (await shares.CreateAsync(RecordingsTestHost.ConnectionId, "terry-a==", 7)).Value!;
        _host.SignInAs("anonymous");
        var view = (await shares.OpenAsync(created.Token, "203.0.113.9"))?.Value;
        await using var file = (await shares.OpenFileAsync(created.Token, "terry-a==-mp4", null, null, "203.0.113.9"))?.Value;

        // Assert
        Assert.NotNull(view);
        Assert.Equal("Sam Student", view.RecipientName);
        Assert.NotNull(file);
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.Set<RecordingShare>().SingleAsync();
        Assert.NotEqual(created.Token, row.TokenHash);
        Assert.Equal(64, row.TokenHash.Length);
        Assert.Equal(1, row.ViewCount);
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), a => a.Values().Contains(created.Token, StringComparison.Ordinal));
        Assert.Contains("recordings.share.viewed", await db.AuditEntries.Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task OpenAsync_ExpiredRevokedOrWrongToken_GivesNothing()
    {
        // Arrange
        _host.SignInAs("teacher");
        var shares = _host.Get<IRecordingShareService>();
        var expiring = (await shares.CreateAsync(RecordingsTestHost.ConnectionId, "terry-a==", 1)).Value!;
        var revoked = (await shares.CreateAsync(RecordingsTestHost.ConnectionId, "terry-a==", 7)).Value!;
        Assert.NotNull(await shares.OpenAsync(revoked.Token, null));

        // Act
        await shares.RevokeAsync(revoked.ShareId);
        var afterRevoke = await shares.OpenAsync(revoked.Token, null);
        var afterRevokeFile = await shares.OpenFileAsync(revoked.Token, "terry-a==-mp4", 0, 10, null);
        _host.Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)));
        var afterExpiry = await shares.OpenAsync(expiring.Token, null);
        var wrong = await shares.OpenAsync(expiring.Token[..^2] + "xx", null);

        // Assert
        Assert.Null(afterRevoke);
        Assert.Null(afterRevokeFile);
        Assert.Null(afterExpiry);
        Assert.Null(wrong);
    }

    [Fact]
    public async Task OpenFileAsync_FileOfAnotherMeeting_IsRefused()
    {
        // Arrange
        _host.SignInAs("teacher");
        var shares = _host.Get<IRecordingShareService>();
        var created = (await shares.CreateAsync(RecordingsTestHost.ConnectionId, "terry-a==", 7)).Value!;

        // Act
        var other = await shares.OpenFileAsync(created.Token, "tess-a==-mp4", null, null, null);

        // Assert
        Assert.Null(other);
    }

    [Fact]
    public async Task CreateAndRevoke_AnotherTeachersRecordingOrLink_AreDenied()
    {
        // Arrange
        _host.SignInAs("teacher");
        var shares = _host.Get<IRecordingShareService>();
        var terrys = (await shares.CreateAsync(RecordingsTestHost.ConnectionId, "terry-a==", 7)).Value!;
        _host.SignInAs("teacher2");

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => shares.CreateAsync(RecordingsTestHost.ConnectionId, "terry-a==", 7));
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => shares.RevokeAsync(terrys.ShareId));
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => shares.ListAsync(RecordingsTestHost.ConnectionId, "terry-a=="));
        Assert.NotNull(await shares.OpenAsync(terrys.Token, null));
    }
}
