using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;
using Portal.Core.Security;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Integration;

/// <summary>
/// Two portal instances (two hosts on Kestrel, each with its own in-process Zoom sandbox) on ONE database: the run's
/// provider, i.e. PostgreSQL in test.sh's second run.
/// </summary>
public sealed class SeveralInstancesTests
{
    private static readonly Dictionary<string, string?> s_onlyUsageSnapshotScheduled = new()
    {
        ["Jobs:Enabled"] = "true",
        ["Jobs:UsageSnapshot:Schedule"] = "01:00:00",
        ["Jobs:StaffSync:Schedule"] = "off",
        ["Jobs:DatabaseMaintenance:Schedule"] = "off",
        ["Jobs:WebhookProcessing:Schedule"] = "off",
        ["Jobs:SessionHostCheck:Schedule"] = "off",
        ["Jobs:SessionRecordingTie:Schedule"] = "off",
        ["Jobs:SessionOutcomes:Schedule"] = "off",
        ["Jobs:ClientReminders:Schedule"] = "off",
        ["Jobs:NotificationDigest:Schedule"] = "off",
        ["Jobs:OutboxDelivery:Schedule"] = "off",
        ["Jobs:ZoomLinkRefresh:Schedule"] = "off",
        ["Jobs:OutboxDelivery:Schedule"] = "off",
    };

    [Fact]
    public async Task ScheduledJob_BothInstancesSchedulersOnAndTheJobDue_RunsOnceAcrossInstances()
    {
        // Arrange: both schedulers on; the usage snapshot (per connection, hourly) has never run, so it is due on both.
        await using var database = new TestDatabase();
        await using var a = new CustomPortalAppFactory(database, s_onlyUsageSnapshotScheduled);
        await using var b = new CustomPortalAppFactory(database, s_onlyUsageSnapshotScheduled);
        _ = a.BaseUrl;
        _ = b.BaseUrl;
        var connectionId = await SandboxConnectionIdAsync(database);

        // Act: on top of the schedulers' own first ticks, both instances tick at the same moment.
        await Task.WhenAll(Task.Run(() => Scheduler(a).StartDueJobsAsync(CancellationToken.None)),
            Task.Run(() => Scheduler(b).StartDueJobsAsync(CancellationToken.None)));
        await WaitForFinishedRunsAsync(database, UsageSnapshotJob.JobName, connectionId);
        // The race the lease alone does not close: a scheduler that read "never ran" before the other instance's run was
        // recorded, and starts only after that run ended and released the lease.
        var late = await Task.WhenAll(
            a.Services.GetRequiredService<IJobRunner>().StartScheduledAsync(UsageSnapshotJob.JobName, connectionId, lastSeenRunId: null),
            b.Services.GetRequiredService<IJobRunner>().StartScheduledAsync(UsageSnapshotJob.JobName, connectionId, lastSeenRunId: null));
        var runs = await WaitForFinishedRunsAsync(database, UsageSnapshotJob.JobName, connectionId);

        // Assert: one run, one snapshot, and one instance's sandbox served the Zoom calls while the other's saw none.
        Assert.All(late, Assert.Null);
        var run = Assert.Single(runs);
        Assert.True(run.Outcome == JobOutcome.Succeeded, run.Error);
        Assert.Equal(JobRunner.ScheduleTrigger, run.TriggeredBy);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.UsageSnapshots.CountAsync(s => s.ConnectionId == connectionId));
        var callsA = ZoomCalls(a);
        var callsB = ZoomCalls(b);
        Assert.True(callsA == 0 ^ callsB == 0, $"Zoom calls: instance A {callsA}, instance B {callsB}; exactly one instance should have called.");
        Assert.Empty(await db.JobLeases.ToListAsync());
    }

    [Fact]
    public async Task ConnectionSecret_SavedThroughInstanceA_IsDecryptedAndUsedByInstanceB()
    {
        // Arrange
        await using var database = new TestDatabase();
        await using var a = new CustomPortalAppFactory(database, new Dictionary<string, string?>());
        await using var b = new CustomPortalAppFactory(database, new Dictionary<string, string?>());
        await using var otherApp = new CustomPortalAppFactory(database, new Dictionary<string, string?> { ["DataProtection:ApplicationName"] = "SomeOtherPortal" });
        _ = a.BaseUrl;
        _ = b.BaseUrl;

        // Act: the wizard's save on A (sandbox account 2, verified against A's sandbox); B then verifies and uses it.
        ConnectionResult created;
        await using (var scope = a.Services.CreateAsyncScope())
        {
            created = await scope.ServiceProvider.GetRequiredService<IConnectionService>().CreateServerToServerAsync(new ServerToServerCredentials
            {
                Name = "Second account", AccountId = "sandbox-account-2", ClientId = "sandbox-s2s-client-2", ClientSecret = "sandbox-s2s-secret-2",
            });
        }
        var tokenRequestsOnB = TokenRequests(b);
        ConnectionResult verifiedOnB;
        await using (var scope = b.Services.CreateAsyncScope())
        {
            verifiedOnB = await scope.ServiceProvider.GetRequiredService<IConnectionService>().ReverifyAsync(created.ConnectionId!.Value);
        }

        // Assert: B decrypted the secret and B's sandbox issued it a token; the ciphertext is not the secret itself, and an
        // instance with another Data Protection application name cannot read it (the shared name is what makes this work).
        Assert.True(created.Succeeded, created.Message);
        Assert.True(verifiedOnB.Succeeded, verifiedOnB.Message);
        Assert.True(TokenRequests(b) > tokenRequestsOnB);
        await using var db = database.CreateDbContext();
        var stored = await db.ZoomConnections.SingleAsync(c => c.Id == created.ConnectionId);
        Assert.DoesNotContain("sandbox-s2s-secret-2", stored.EncryptedClientSecret);
        Assert.Equal("sandbox-s2s-secret-2", b.Services.GetRequiredService<ISecretProtector>().Unprotect(stored.EncryptedClientSecret!));
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
        _ = otherApp.BaseUrl;
        Assert.ThrowsAny<CryptographicException>(() => otherApp.Services.GetRequiredService<ISecretProtector>().Unprotect(stored.EncryptedClientSecret!));
    }

    private static JobScheduler Scheduler(PortalAppFactory factory) =>
        factory.Services.GetServices<IHostedService>().OfType<JobScheduler>().Single();

    private static int ZoomCalls(PortalAppFactory factory) =>
        factory.Services.GetRequiredService<ZoomSandboxControl>().AllRequestCounts().Values.Sum();

    private static int TokenRequests(PortalAppFactory factory) =>
        factory.Services.GetRequiredService<ZoomSandboxControl>().AllRequestCounts()
            .Where(c => c.Key.Contains("token", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Value);

    private static async Task<int> SandboxConnectionIdAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.ZoomConnections.Where(c => c.AccountId == "sandbox-account-1").Select(c => c.Id).SingleAsync();
    }

    private static async Task<List<JobRun>> WaitForFinishedRunsAsync(TestDatabase database, string jobName, int connectionId)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var db = database.CreateDbContext();
            var runs = await db.JobRuns.AsNoTracking().Where(r => r.JobName == jobName && r.ConnectionId == connectionId).ToListAsync();
            if (runs.Count > 0 && runs.All(r => r.Outcome != JobOutcome.Running))
            {
                return runs;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"Timed out waiting for {jobName} to finish.");
            await Task.Delay(50);
        }
    }
}
