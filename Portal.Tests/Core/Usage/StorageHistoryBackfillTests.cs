using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Features.Usage;
using Portal.Tests.TestDoubles;
using Portal.Tests.Zoom;

namespace Portal.Tests.Core.Usage;

/// <summary>The storage history backfill over the real Zoom client against the sandbox, which enforces the report's limits.</summary>
public sealed class StorageHistoryBackfillTests
{
    private const int ConnectionId = 7;
    private const string ReportScopes = "user:read:admin report:read:cloud_recording:admin";

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public async Task RunAsync_FirstRun_FillsSixMonthsUpToYesterdayIn30DayRequests(DateTimeOffset now)
    {
        // Arrange
        using var running = new RunningFakeClock(now);
        await using var host = await ZoomSandboxHost.StartAtAsync(running.Clock);
        await using var zoom = host.CreateClient();
        await using var database = new TestDatabase();
        var backfill = new StorageHistoryBackfill(database, zoom.Account, running.Clock, NullLogger<StorageHistoryBackfill>.Instance);
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        // Act
        var problem = await backfill.RunAsync(ConnectionId, ZoomSandboxHost.S2S(), ReportScopes, CancellationToken.None);

        // Assert
        Assert.Null(problem);
        await using var db = database.CreateDbContext();
        var days = await db.UsageReportDays.Where(d => d.ConnectionId == ConnectionId).OrderBy(d => d.Day).ToListAsync();
        Assert.Equal(today.AddMonths(-6).DayNumber, days[0].Day);
        Assert.Equal(today.AddDays(-1).DayNumber, days[^1].Day);
        Assert.Equal(days.Count, days.Select(d => d.Day).Distinct().Count());
        Assert.Equal(today.DayNumber - today.AddMonths(-6).DayNumber, days.Count);
        Assert.True(days[^1].UsedBytes > 0, "the sandbox has six months of recordings");
        Assert.Equal(days[^1].UsedBytes, days[^1].PlanUsedBytes + days[^1].FreeUsedBytes);
        var requests = zoom.Requests.All.Where(r => r.Uri.AbsolutePath.EndsWith("/report/cloud_recording", StringComparison.Ordinal)).ToList();
        Assert.Equal((int)Math.Ceiling(days.Count / (double)StorageHistoryBackfill.DaysPerRequest), requests.Count);
    }

    [Fact]
    public async Task RunAsync_AlreadyFilledToYesterday_AsksZoomNothing()
    {
        // Arrange
        var now = new DateTimeOffset(2027, 1, 31, 12, 0, 0, TimeSpan.Zero);
        using var running = new RunningFakeClock(now);
        await using var host = await ZoomSandboxHost.StartAtAsync(running.Clock);
        await using var zoom = host.CreateClient();
        await using var database = new TestDatabase();
        var backfill = new StorageHistoryBackfill(database, zoom.Account, running.Clock, NullLogger<StorageHistoryBackfill>.Instance);
        await backfill.RunAsync(ConnectionId, ZoomSandboxHost.S2S(), ReportScopes, CancellationToken.None);
        var before = zoom.Requests.All.Count;

        // Act
        var problem = await backfill.RunAsync(ConnectionId, ZoomSandboxHost.S2S(), ReportScopes, CancellationToken.None);

        // Assert
        Assert.Null(problem);
        Assert.Equal(before, zoom.Requests.All.Count);
    }

    [Fact]
    public async Task RunAsync_ZoomRefusesTheReport_SaysWhyAndStoresNothing()
    {
        // Arrange: the limited app has the required scopes only, so Zoom answers 4711 for the report
        var now = new DateTimeOffset(2027, 3, 31, 0, 30, 0, TimeSpan.Zero);
        using var running = new RunningFakeClock(now);
        await using var host = await ZoomSandboxHost.StartAtAsync(running.Clock);
        await using var zoom = host.CreateClient();
        await using var database = new TestDatabase();
        var backfill = new StorageHistoryBackfill(database, zoom.Account, running.Clock, NullLogger<StorageHistoryBackfill>.Instance);

        // Act
        var problem = await backfill.RunAsync(ConnectionId, ZoomSandboxHost.S2S("sandbox-limited-client", "sandbox-limited-secret"), "", CancellationToken.None);

        // Assert
        Assert.NotNull(problem);
        Assert.StartsWith(StorageHistoryBackfill.OwnSnapshotsOnly, problem);
        Assert.Contains("\u201cStorage history from Zoom\u201d", problem);
        Assert.DoesNotContain("Invalid access token", problem);
        await using var db = database.CreateDbContext();
        Assert.False(await db.UsageReportDays.AnyAsync());
    }

    [Fact]
    public async Task RunAsync_GrantedScopesLackTheReport_SaysWhichPermissionWithoutAskingZoom()
    {
        // Arrange
        using var running = new RunningFakeClock(new DateTimeOffset(2027, 7, 31, 12, 0, 0, TimeSpan.Zero));
        await using var host = await ZoomSandboxHost.StartAtAsync(running.Clock);
        await using var zoom = host.CreateClient();
        await using var database = new TestDatabase();
        var backfill = new StorageHistoryBackfill(database, zoom.Account, running.Clock, NullLogger<StorageHistoryBackfill>.Instance);

        // Act
        var problem = await backfill.RunAsync(ConnectionId, ZoomSandboxHost.S2S(), "user:read:admin meeting:read:admin", CancellationToken.None);

        // Assert
        Assert.NotNull(problem);
        Assert.Contains("optional permission report:read:admin", problem);
        Assert.Empty(zoom.Requests.All);
    }
}
