using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Recordings;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Recordings;

public sealed class RecordingCleanupServiceTests : IAsyncLifetime
{
    private readonly RecordingsTestHost _host = new();

    public Task InitializeAsync()
    {
        var now = _host.Clock.GetUtcNow();
        _host.Zoom.Meetings.Add(FakeRecordingsZoomClient.Meeting("t1==", 1, RecordingsTestHost.TerryZoomId, "Terry old", now.AddDays(-200), 400_000_000));
        _host.Zoom.Meetings.Add(FakeRecordingsZoomClient.Meeting("t2==", 2, RecordingsTestHost.TerryZoomId, "Terry new", now.AddDays(-5), 20_000_000));
        _host.Zoom.Meetings.Add(FakeRecordingsZoomClient.Meeting("s1==", 3, RecordingsTestHost.TessZoomId, "Tess big", now.AddDays(-90), 900_000_000));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ScanAsync_Director_ReportsEveryStaffMemberWithRecordings()
    {
        // Arrange
        _host.SignInAs("director");
        var cleanup = _host.Get<IRecordingCleanupService>();
        var updates = new List<CleanupScanUpdate>();
        var today = DateOnly.FromDateTime(_host.Clock.GetUtcNow().UtcDateTime);

        // Act
        await foreach (var u in cleanup.ScanAsync(today.AddMonths(-12), today))
        {
            updates.Add(u);
        }

        // Assert
        Assert.Equal(3, updates.Count);
        Assert.Equal(3, updates.Max(u => u.StaffDone));
        Assert.Equal(3, updates.SelectMany(u => u.Recordings).Count());
        Assert.Contains(updates, u => u.StaffName == "Bea Basic" && u.Error is null && u.Recordings.Count == 0);
    }

    [Fact]
    public async Task ScanAsync_OneConnection_ScansOnlyItsStaff()
    {
        // Arrange: Tess's Zoom user lives in a second connection
        _host.SignInAs("director");
        await using (var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.ZoomConnections.Add(new ZoomConnection { Id = 2, Name = "Second", Slug = "second", AccountId = "a2", ClientId = "c" });
            await db.SaveChangesAsync();
            await db.StaffMappings.Where(m => m.StaffMemberId == _host.Tess.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.ConnectionId, 2));
        }
        var cleanup = _host.Get<IRecordingCleanupService>();
        var updates = new List<CleanupScanUpdate>();
        var today = DateOnly.FromDateTime(_host.Clock.GetUtcNow().UtcDateTime);

        // Act
        await foreach (var u in cleanup.ScanAsync(today.AddMonths(-12), today, connectionId: 2))
        {
            updates.Add(u);
        }

        // Assert
        var only = Assert.Single(updates);
        Assert.Equal("Tess Tutor", only.StaffName);
        Assert.Equal(1, only.StaffTotal);
        Assert.Equal("Tess big", Assert.Single(only.Recordings).Topic);
    }

    [Fact]
    public async Task DeleteAsync_OneFails_OthersDeletedFailureExplainedFreedBytesOnlyForDeleted()
    {
        // Arrange
        _host.SignInAs("director");
        _host.Zoom.FailDeletes.Add("s1==");
        var cleanup = _host.Get<IRecordingCleanupService>();
        var targets = new List<CleanupTarget>
        {
            new(RecordingsTestHost.ConnectionId, "t1==", "Terry old", 405_000_000, "Terry Teacher"),
            new(RecordingsTestHost.ConnectionId, "s1==", "Tess big", 905_000_000, "Tess Tutor"),
            new(RecordingsTestHost.ConnectionId, "gone==", "Already gone", 1_000, "Tess Tutor"),
        };

        // Act
        var result = await cleanup.DeleteAsync(targets, permanently: false);

        // Assert
        Assert.Equal(1, result.DeletedCount);
        Assert.Equal(2, result.FailedCount);
        Assert.Equal(405_000_000, result.FreedBytes);
        Assert.Contains("in progress", result.Outcomes.Single(o => o.Target.MeetingUuid == "s1==").Error);
        Assert.Contains("no such recording", result.Outcomes.Single(o => o.Target.MeetingUuid == "gone==").Error);
        Assert.Equal([(RecordingsTestHost.ConnectionId, 405_000_000L)], await _host.FreedAsync());
        Assert.Contains("t1==", _host.Zoom.Trashed);
    }

    [Fact]
    public async Task DeleteAsync_Teacher_IsDenied()
    {
        // Arrange
        _host.SignInAs("teacher");
        var cleanup = _host.Get<IRecordingCleanupService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() =>
            cleanup.DeleteAsync([new(RecordingsTestHost.ConnectionId, "t1==", "Terry old", 1, "Terry Teacher")], permanently: true));
        Assert.Empty(_host.Zoom.PermanentlyDeleted);
    }
}
