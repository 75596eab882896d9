using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Recordings;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Recordings;

public sealed class RecordingServiceTests : IAsyncLifetime
{
    private readonly RecordingsTestHost _host = new();
    private static readonly DateTimeOffset s_now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync()
    {
        for (var i = 0; i < 12; i++)
        {
            _host.Zoom.Meetings.Add(FakeRecordingsZoomClient.Meeting($"terry/{i}+==", 8100 + i, RecordingsTestHost.TerryZoomId, $"Terry {i}", s_now.AddDays(-28 * i - 1)));
        }
        _host.Zoom.Meetings.Add(FakeRecordingsZoomClient.Meeting("tess-1==", 9100, RecordingsTestHost.TessZoomId, "Tess essay review", s_now.AddDays(-3)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListByMonthAsync_OneYear_FetchesMonthsConcurrentlyAndReturnsEveryRecording()
    {
        // Arrange
        _host.SignInAs("teacher");
        var sessionId = _host.AddSession(_host.Terry, 8100, "Sam Student");
        var service = _host.Get<IRecordingService>();
        var months = new List<RecordingMonth>();

        // Act
        await foreach (var month in service.ListByMonthAsync(_host.Terry.Id, DateOnly.FromDateTime(s_now.AddYears(-1).UtcDateTime), DateOnly.FromDateTime(s_now.UtcDateTime)))
        {
            months.Add(month);
        }

        // Assert
        Assert.Equal(13, months.Count);
        Assert.Equal(13, _host.Zoom.Windows.Count);
        Assert.True(_host.Zoom.MaxConcurrentWindows > 1, $"month windows ran one at a time (max {_host.Zoom.MaxConcurrentWindows})");
        var all = months.SelectMany(m => m.Recordings).ToList();
        Assert.Equal(12, all.Count);
        Assert.DoesNotContain(all, r => r.Topic.StartsWith("Tess", StringComparison.Ordinal));
        var linked = Assert.Single(all, r => r.Session is not null);
        Assert.Equal((sessionId, "Sam Student"), (linked.Session!.SessionId, linked.Session.ClientName));
    }

    [Fact]
    public async Task ListByMonthAsync_TeacherAskingForAnotherTeacher_IsDenied()
    {
        // Arrange
        _host.SignInAs("teacher2");
        var service = _host.Get<IRecordingService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(async () =>
        {
            await foreach (var _ in service.ListByMonthAsync(_host.Terry.Id, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 25)))
            {
            }
        });
    }

    [Fact]
    public async Task GetMineAsync_BasicOrUnknownTeacher_SaysWhyAndWhomToAsk()
    {
        // Arrange
        var service = _host.Get<IRecordingService>();

        // Act
        _host.SignInAs("basic");
        var basic = await service.GetMineAsync();
        _host.SignInAs("stranger");
        var stranger = await service.GetMineAsync();

        // Assert
        Assert.False(basic.CanList);
        Assert.Contains("Basic", basic.Problem);
        Assert.Contains("licence", basic.WhomToAsk);
        Assert.False(stranger.CanList);
        Assert.Contains("roster", stranger.Problem);
        Assert.Contains("director", stranger.WhomToAsk);
    }

    [Fact]
    public async Task OpenFileAsync_TeacherRequestsAnotherTeachersFile_IsDeniedAndNothingIsDownloaded()
    {
        // Arrange
        _host.SignInAs("teacher");
        var service = _host.Get<IRecordingService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => service.OpenFileAsync(RecordingsTestHost.ConnectionId, "tess-1==", "tess-1==-mp4", null, null));
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => service.DeleteAsync(RecordingsTestHost.ConnectionId, "tess-1=="));
        Assert.Empty(_host.Zoom.Trashed);
    }

    [Fact]
    public async Task OpenFileAsync_OwnFileWithRange_PassesTheRangeThrough()
    {
        // Arrange
        _host.SignInAs("teacher");
        var service = _host.Get<IRecordingService>();

        // Act
        await using var stream = (await service.OpenFileAsync(RecordingsTestHost.ConnectionId, "terry/0+==", "terry/0+==-mp4", 2, 5)).Value!;
        using var reader = new StreamReader(stream.Download.Content);

        // Assert
        Assert.True(stream.Download.Partial);
        Assert.Equal("2345", await reader.ReadToEndAsync());
        Assert.StartsWith("bytes 2-5/", stream.Download.ContentRange);
        Assert.EndsWith("-video.mp4", stream.FileName);
    }

    [Fact]
    public async Task Delete_FreedEstimateCannotBeSaved_LeavesNeitherEstimateNorAuditEntry()
    {
        // Arrange
        _host.SignInAs("teacher");
        var service = _host.Get<IRecordingService>();
        await using var failing = await _host.Database.FailInsertsAsync("StorageFreedEstimates");

        // Act
        var delete = () => service.DeleteAsync(RecordingsTestHost.ConnectionId, "terry/1+==");

        // Assert: the entry and the estimate are saved together or not at all.
        await Assert.ThrowsAnyAsync<DbUpdateException>(delete);
        Assert.Empty(await _host.FreedAsync());
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.AuditEntries.Where(e => e.Action.StartsWith("recordings.")).ToListAsync());
    }

    [Fact]
    public async Task DeleteAndRecover_OwnRecording_GoesToTrashAndBackAndIsAudited()
    {
        // Arrange
        _host.SignInAs("teacher");
        var service = _host.Get<IRecordingService>();

        // Act
        await service.DeleteAsync(RecordingsTestHost.ConnectionId, "terry/1+==");
        var trash = (await service.ListTrashAsync(_host.Terry.Id)).Value!;
        await service.RecoverAsync(_host.Terry.Id, "terry/1+==");

        // Assert
        Assert.Equal("terry/1+==", Assert.Single(trash).MeetingUuid);
        Assert.Empty(_host.Zoom.Trashed);
        Assert.Equal(55_000_000, Assert.Single(await _host.FreedAsync()).Bytes);
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var actions = await db.AuditEntries.Select(a => a.Action).ToListAsync();
        Assert.Contains("recordings.deleted-to-trash", actions);
        Assert.Contains("recordings.recovered", actions);
    }

    [Fact]
    public async Task RecoverAsync_SomeoneElsesTrash_IsDenied()
    {
        // Arrange
        _host.Zoom.Trashed.Add("tess-1==");
        _host.SignInAs("teacher");
        var service = _host.Get<IRecordingService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => service.RecoverAsync(_host.Terry.Id, "tess-1=="));
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => service.RecoverAsync(_host.Tess.Id, "tess-1=="));
        Assert.Contains("tess-1==", _host.Zoom.Trashed);
    }

    [Fact]
    public async Task ListForSessionAsync_SessionOwner_GetsTheSessionsRecordings()
    {
        // Arrange
        var sessionId = _host.AddSession(_host.Tess, 9100, "Carla Client", s_now.AddDays(-3));
        var service = _host.Get<IRecordingService>();

        // Act
        _host.SignInAs("teacher2");
        var mine = (await service.ListForSessionAsync(sessionId)).Value!;
        _host.SignInAs("teacher");

        // Assert
        Assert.Equal("Tess essay review", Assert.Single(mine).Topic);
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => service.ListForSessionAsync(sessionId));
    }
}
