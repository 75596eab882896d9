using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Recordings;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Recordings;

/// <summary>Terry's record is bound to Entra object id A; sign-in B shares only Terry's e-mail and must get nothing of Terry's.</summary>
public sealed class RecordingIdentityTests : IAsyncLifetime
{
    private const string TenantId = "tenant-1";
    private readonly RecordingsTestHost _host = new();

    private static readonly Actor s_bound = new("Terry Teacher", "oid-a", "terry.teacher@writing.example.edu", new HashSet<string> { Roles.Teacher }) { TenantId = TenantId };
    private static readonly Actor s_sameEmail = new("Someone Else", "oid-b", "Terry.Teacher@writing.example.edu", new HashSet<string> { Roles.Teacher }) { TenantId = TenantId };

    public async Task InitializeAsync()
    {
        var now = _host.Clock.GetUtcNow();
        _host.Zoom.Meetings.Add(FakeRecordingsZoomClient.Meeting("terry-a==", 8100, RecordingsTestHost.TerryZoomId, "Thesis draft", now.AddDays(-2)));
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.StaffMembers.Where(s => s.Id == _host.Terry.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ObjectId, "oid-a").SetProperty(m => m.TenantId, TenantId));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetMineAsync_SignInSharingOnlyTheEmail_FindsNoStaffRecord()
    {
        // Arrange
        var service = _host.Get<IRecordingService>();

        // Act
        _host.Actor.Actor = s_bound;
        var bound = await service.GetMineAsync();
        _host.Actor.Actor = s_sameEmail;
        var other = await service.GetMineAsync();

        // Assert
        Assert.Equal(_host.Terry.Id, bound.StaffMemberId);
        Assert.Null(other.StaffMemberId);
        Assert.False(other.CanList);
    }

    [Fact]
    public async Task ListByMonthAsync_SignInSharingOnlyTheEmail_IsDenied()
    {
        // Arrange
        _host.Actor.Actor = s_sameEmail;
        var service = _host.Get<IRecordingService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(async () =>
        {
            await foreach (var _ in service.ListByMonthAsync(_host.Terry.Id, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 25)))
            {
            }
        });
        Assert.Empty(_host.Zoom.Windows);
    }

    [Fact]
    public async Task OpenFileAsync_SignInSharingOnlyTheEmail_IsDenied()
    {
        // Arrange
        _host.Actor.Actor = s_sameEmail;
        var service = _host.Get<IRecordingService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => service.OpenFileAsync(RecordingsTestHost.ConnectionId, "terry-a==", "terry-a==-mp4", null, null));
    }

    [Fact]
    public async Task CreateShareAsync_SignInSharingOnlyTheEmail_IsDeniedAndNothingIsStored()
    {
        // Arrange
        _host.Actor.Actor = s_sameEmail;
        var shares = _host.Get<IRecordingShareService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => shares.CreateAsync(RecordingsTestHost.ConnectionId, "terry-a==", 7));
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Set<RecordingShare>().ToListAsync());
    }

    [Fact]
    public async Task DeleteAsync_SignInSharingOnlyTheEmail_IsDeniedAndTheRecordingStays()
    {
        // Arrange
        _host.Actor.Actor = s_sameEmail;
        var service = _host.Get<IRecordingService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => service.DeleteAsync(RecordingsTestHost.ConnectionId, "terry-a=="));
        Assert.Empty(_host.Zoom.Trashed);
        Assert.Empty(_host.Zoom.PermanentlyDeleted);
    }

    [Fact]
    public async Task DeleteAsync_TheBoundSignIn_IsAllowed()
    {
        // Arrange
        _host.Actor.Actor = s_bound;
        var service = _host.Get<IRecordingService>();

        // Act
        await service.DeleteAsync(RecordingsTestHost.ConnectionId, "terry-a==");

        // Assert
        Assert.Contains("terry-a==", _host.Zoom.Trashed);
    }
}
