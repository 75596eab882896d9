using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Staff;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Jobs;

/// <summary>
/// A portal process killed (SIGKILL) in the middle of a staff sync, then a new process on the same database: the run's
/// provider, so PostgreSQL in test.sh's second run.
/// </summary>
public sealed class JobCrashRecoveryTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task StaffSync_ProcessKilledMidRun_NextProcessClosesTheRunAsInterruptedAndRunsTheMissedStart()
    {
        // Arrange: only the staff sync is scheduled (daily, never run, so due at once); a four-second lease renewed every second.
        await using var database = new TestDatabase();
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Jobs:Enabled"] = "true",
            ["Jobs:LeaseDuration"] = "00:00:04",
            ["Jobs:HeartbeatInterval"] = "00:00:01",
            ["Jobs:UsageSnapshot:Schedule"] = "off",
            ["Jobs:DatabaseMaintenance:Schedule"] = "off",
            ["Jobs:WebhookProcessing:Schedule"] = "off",
            ["Jobs:SessionHostCheck:Schedule"] = "off",
            ["Jobs:SessionRecordingTie:Schedule"] = "off",
            ["Jobs:SessionOutcomes:Schedule"] = "off",
            ["Jobs:ClientReminders:Schedule"] = "off",
            ["Jobs:NotificationDigest:Schedule"] = "off",
            ["Jobs:OutboxDelivery:Schedule"] = "off",
            ["Jobs:ZoomLinkRefresh:Schedule"] = "off",
            ["Staff:SeedDemoRoster"] = "false",
            ["Zoom:VerifyConfiguredConnectionsOnStart"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // The first process paces its Zoom calls at one per ten seconds, so its sync is still running when it is killed.
        var slow = new Dictionary<string, string?>(settings)
        {
            ["Zoom:RateLimits:Light"] = "0.1", ["Zoom:RateLimits:Medium"] = "0.1", ["Zoom:RateLimits:Heavy"] = "0.1",
        };
        JobRun killedRun;
        await using (var first = PortalProcess.Start(slow))
        {
            killedRun = await WaitForAsync(database, first, async db =>
                await db.JobRuns.SingleOrDefaultAsync(r => r.JobName == StaffSyncJob.JobName && r.Outcome == JobOutcome.Running));

            // Act: kill it mid-run, as a crash or the out-of-memory killer would.
            await first.KillAsync();
        }
        var deadLease = await ReadAsync(database, db => db.JobLeases.SingleAsync());
        Assert.Equal(JobOutcome.Running, (await ReadAsync(database, db => db.JobRuns.SingleAsync(r => r.Id == killedRun.Id))).Outcome);
        // The dead process's lease runs out within the configured four seconds (no longer ten minutes).
        Assert.True(deadLease.ExpiresAt - TimeProvider.System.GetUtcNow() <= TimeSpan.FromSeconds(5), $"Lease expires at {deadLease.ExpiresAt:O}");
        while (TimeProvider.System.GetUtcNow() <= deadLease.ExpiresAt)
        {
            await Task.Delay(200);
        }
        JobRun rerun;
        await using (var second = PortalProcess.Start(settings))
        {
            rerun = await WaitForAsync(database, second, async db =>
                await db.JobRuns.SingleOrDefaultAsync(r => r.JobName == StaffSyncJob.JobName && r.Id != killedRun.Id && r.Outcome != JobOutcome.Running));
        }

        // Assert: the killed run is closed with words a person reads; the scheduled start it missed ran in the new process.
        var closed = await ReadAsync(database, db => db.JobRuns.SingleAsync(r => r.Id == killedRun.Id));
        Assert.Equal(JobOutcome.Interrupted, closed.Outcome);
        Assert.Equal(InterruptedRuns.Summary, closed.Summary);
        Assert.NotNull(closed.EndedAt);
        Assert.True(rerun.Outcome == JobOutcome.Succeeded, $"{rerun.Outcome}: {rerun.Error}");
        Assert.Equal(JobRunner.ScheduleTrigger, rerun.TriggeredBy);
        Assert.Equal(killedRun.ConnectionId, rerun.ConnectionId);
        Assert.Equal(2, await ReadAsync(database, db => db.JobRuns.CountAsync()));
    }

    private static async Task<T> ReadAsync<T>(TestDatabase database, Func<PortalDbContext, Task<T>> read)
    {
        await using var db = database.CreateDbContext();
        return await read(db);
    }

    private static async Task<T> WaitForAsync<T>(TestDatabase database, PortalProcess process, Func<PortalDbContext, Task<T?>> read)
        where T : class
    {
        var deadline = TimeProvider.System.GetUtcNow() + s_wait;
        while (true)
        {
            Assert.False(process.HasExited, $"The portal process exited early:{Environment.NewLine}{process.Output}");
            try
            {
                if (await ReadAsync(database, read) is { } found)
                {
                    return found;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
            {
                // Tables not there yet, or the portal holds a write lock for a moment.
            }
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"Timed out after {s_wait}. The portal's output:{Environment.NewLine}{process.Output}");
            await Task.Delay(100);
        }
    }
}
