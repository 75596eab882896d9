using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Jobs;

public sealed class JobRunnerTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly GatedJob _gated = new();
    private readonly ServiceProvider _services;

    public JobRunnerTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(_database);
        services.AddSingleton(Options.Create(new DatabaseMaintenanceOptions()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPortalJob>(_gated);
        services.AddScoped<IPortalJob, FailingJob>();
        services.AddScoped<IPortalJob, DatabaseMaintenanceJob>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private JobRunner CreateRunner(JobLeaseOptions? lease = null) => new(_services.GetRequiredService<IServiceScopeFactory>(), _database,
        TimeProvider.System, Options.Create(lease ?? new JobLeaseOptions()), NullLogger<JobRunner>.Instance);

    [Fact]
    public void Jobs_ListsEveryRegisteredJobByName()
    {
        Assert.Equal(["DatabaseMaintenance", "Failing", "Gated"], CreateRunner().Jobs.Select(j => j.Name));
    }

    [Fact]
    public async Task RunAsync_JobSucceeds_RecordsStartEndOutcomeAndSummary()
    {
        // Arrange
        var runner = CreateRunner();
        _gated.Release.SetResult();

        // Act
        var run = await runner.RunAsync("Gated", 7, "tester");

        // Assert
        await using var db = _database.CreateDbContext();
        var stored = await db.JobRuns.SingleAsync();
        Assert.Equal(JobOutcome.Succeeded, stored.Outcome);
        Assert.Equal("gated done", stored.Summary);
        Assert.Equal(7, stored.ConnectionId);
        Assert.Equal("tester", stored.TriggeredBy);
        Assert.NotNull(stored.EndedAt);
        Assert.True(stored.EndedAt >= stored.StartedAt);
        Assert.Equal(run.Id, stored.Id);
        Assert.Empty(await db.JobLeases.ToListAsync());
    }

    [Fact]
    public async Task RunAsync_JobThrows_RecordsFailureWithErrorAndReleasesLease()
    {
        // Arrange
        var runner = CreateRunner();

        // Act
        var run = await runner.RunAsync("Failing", null, "tester");

        // Assert
        await using var db = _database.CreateDbContext();
        var stored = await db.JobRuns.SingleAsync(r => r.Id == run.Id);
        Assert.Equal(JobOutcome.Failed, stored.Outcome);
        Assert.Equal("Zoom said no.", stored.Error);
        Assert.NotNull(stored.EndedAt);
        Assert.Empty(await db.JobLeases.ToListAsync());
    }

    [Fact]
    public async Task StartAsync_SameJobAndConnectionWhileRunning_SecondIsRefusedOtherConnectionRuns()
    {
        // Arrange
        var runner = CreateRunner();
        var first = await runner.StartAsync("Gated", 1, "tester");
        await _gated.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Act
        var second = await runner.StartAsync("Gated", 1, "tester");
        var skipped = await runner.RunAsync("Gated", 1, "tester");
        var otherConnection = await runner.StartAsync("Gated", 2, "tester");

        // Assert
        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(JobOutcome.Skipped, skipped.Outcome);
        Assert.NotNull(otherConnection);
        _gated.Release.SetResult();
        await WaitUntilAsync(() => runner.GetLive("Gated", 1) is { Running: false } && runner.GetLive("Gated", 2) is { Running: false });
        Assert.NotNull(await runner.StartAsync("Gated", 1, "tester"));
    }

    [Fact]
    public async Task StartAsync_ConcurrentStarts_OnlyOneRuns()
    {
        // Arrange
        var runner = CreateRunner();

        // Act
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => runner.StartAsync("Gated", null, "tester"))));

        // Assert
        Assert.Single(ids, id => id is not null);
        _gated.Release.SetResult();
    }

    [Fact]
    public async Task StartAsync_LeaseHeldByAnotherInstance_IsRefusedUntilReleased()
    {
        // Arrange: two portal instances sharing one database.
        var instanceA = CreateRunner();
        var instanceB = CreateRunner();
        await instanceA.StartAsync("Gated", 3, "a");
        await _gated.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Act
        var whileHeld = await instanceB.StartAsync("Gated", 3, "b");
        _gated.Release.SetResult();
        await WaitUntilAsync(() => instanceA.GetLive("Gated", 3) is { Running: false });
        var afterRelease = await instanceB.RunAsync("Gated", 3, "b");

        // Assert
        Assert.Null(whileHeld);
        Assert.Equal(JobOutcome.Succeeded, afterRelease.Outcome);
    }

    [Fact]
    public async Task StartScheduledAsync_SecondInstanceLooksAfterTheFirstRunEnded_DoesNotRunAgain()
    {
        // Arrange: both instances' schedulers saw the job due with no run recorded yet; A runs it to the end first.
        var instanceA = CreateRunner();
        var instanceB = CreateRunner();
        _gated.Release.SetResult();
        var first = await instanceA.StartScheduledAsync("Gated", 4, lastSeenRunId: null);
        await WaitUntilAsync(() => instanceA.GetLive("Gated", 4) is { Running: false });

        // Act
        var second = await instanceB.StartScheduledAsync("Gated", 4, lastSeenRunId: null);

        // Assert
        Assert.NotNull(first);
        Assert.Null(second);
        await using var db = _database.CreateDbContext();
        var run = Assert.Single(await db.JobRuns.ToListAsync());
        Assert.Equal(JobRunner.ScheduleTrigger, run.TriggeredBy);
        Assert.Empty(await db.JobLeases.ToListAsync());
    }

    [Fact]
    public async Task StartScheduledAsync_TwoInstancesAtOnce_OnlyOneRuns_AndTheNextDueRunStarts()
    {
        // Arrange
        var runners = Enumerable.Range(0, 4).Select(_ => CreateRunner()).ToList();

        // Act
        var ids = await Task.WhenAll(runners.Select(r => Task.Run(() => r.StartScheduledAsync("Gated", 5, lastSeenRunId: null))));
        _gated.Release.SetResult();
        var started = Assert.Single(ids, id => id is not null);
        await WaitUntilAsync(() => runners.All(r => r.GetLive("Gated", 5) is null or { Running: false }));
        var next = await runners[3].StartScheduledAsync("Gated", 5, lastSeenRunId: started);

        // Assert
        Assert.NotNull(next);
        await WaitUntilAsync(() => runners[3].GetLive("Gated", 5) is { Running: false });
        await using var db = _database.CreateDbContext();
        Assert.Equal(2, await db.JobRuns.CountAsync());
    }

    [Fact]
    public async Task StartAsync_LeaseOfADeadInstanceExpired_IsTakenOver()
    {
        // Arrange: an instance died holding the lease; it expired a minute ago. Another one is still valid.
        var now = TimeProvider.System.GetUtcNow();
        await using (var db = _database.CreateDbContext())
        {
            db.JobLeases.AddRange(
                new JobLease { Key = "Gated:6", Holder = "dead-instance", ExpiresAt = now.AddMinutes(-1) },
                new JobLease { Key = "Gated:7", Holder = "live-instance", ExpiresAt = now.AddMinutes(5) });
            await db.SaveChangesAsync();
        }
        var runner = CreateRunner();
        _gated.Release.SetResult();

        // Act
        var expired = await runner.RunAsync("Gated", 6, "tester");
        var held = await runner.RunAsync("Gated", 7, "tester");

        // Assert
        Assert.Equal(JobOutcome.Succeeded, expired.Outcome);
        Assert.Equal(JobOutcome.Skipped, held.Outcome);
        await using var check = _database.CreateDbContext();
        Assert.Equal(["Gated:7"], await check.JobLeases.Select(l => l.Key).ToListAsync());
    }

    [Fact]
    public async Task RunAsync_RunOfADeadProcessStillMarkedRunning_ClosesItAsInterruptedAndRuns()
    {
        // Arrange: a process died in the middle of a run; its run is still "Running" and its lease expired.
        var now = TimeProvider.System.GetUtcNow();
        long deadRunId;
        await using (var db = _database.CreateDbContext())
        {
            var dead = new JobRun { JobName = "Gated", ConnectionId = 8, TriggeredBy = "schedule", StartedAt = now.AddMinutes(-5), Outcome = JobOutcome.Running };
            db.JobRuns.Add(dead);
            db.JobLeases.Add(new JobLease { Key = "Gated:8", Holder = "dead-instance", ExpiresAt = now.AddSeconds(-1) });
            await db.SaveChangesAsync();
            deadRunId = dead.Id;
        }
        var runner = CreateRunner();
        _gated.Release.SetResult();

        // Act
        var run = await runner.RunAsync("Gated", 8, "tester");

        // Assert
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        await using var check = _database.CreateDbContext();
        var closed = await check.JobRuns.SingleAsync(r => r.Id == deadRunId);
        Assert.Equal(JobOutcome.Interrupted, closed.Outcome);
        Assert.Equal(InterruptedRuns.Summary, closed.Summary);
        Assert.NotNull(closed.EndedAt);
        Assert.Empty(await check.JobLeases.ToListAsync());
    }

    [Fact]
    public async Task StartAsync_RunLastsLongerThanTheLease_HeartbeatKeepsTheLeaseAndTheRunAlive()
    {
        // Arrange: a three-second lease renewed every 200 ms (a loaded machine may delay a few heartbeats, not fifteen).
        var lease = new JobLeaseOptions { LeaseDuration = TimeSpan.FromSeconds(3), HeartbeatInterval = TimeSpan.FromMilliseconds(200) };
        var instanceA = CreateRunner(lease);
        var instanceB = CreateRunner(lease);
        var runId = await instanceA.StartAsync("Gated", 9, "a");
        await _gated.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Act: longer than a lease later, another instance tries to start it and the dead-run sweep looks.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var fromB = await instanceB.StartAsync("Gated", 9, "b");
        int closed;
        await using (var db = _database.CreateDbContext())
        {
            closed = await InterruptedRuns.CloseAsync(db, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        // Assert
        Assert.Null(fromB);
        Assert.Equal(0, closed);
        _gated.Release.SetResult();
        await WaitUntilAsync(() => instanceA.GetLive("Gated", 9) is { Running: false });
        await using var check = _database.CreateDbContext();
        Assert.Equal(JobOutcome.Succeeded, (await check.JobRuns.SingleAsync(r => r.Id == runId)).Outcome);
    }

    [Fact]
    public async Task DatabaseMaintenance_RunsLeftRunningByADeadProcess_ClosesThemAndLeavesLiveOnes()
    {
        // Arrange: one run whose lease expired (its process is gone), one without any lease, one live on another instance.
        var now = TimeProvider.System.GetUtcNow();
        await using (var db = _database.CreateDbContext())
        {
            db.JobRuns.AddRange(
                new JobRun { JobName = "Gated", ConnectionId = 1, TriggeredBy = "schedule", StartedAt = now.AddHours(-2), Outcome = JobOutcome.Running },
                new JobRun { JobName = "Failing", TriggeredBy = "schedule", StartedAt = now.AddDays(-200), Outcome = JobOutcome.Running },
                new JobRun { JobName = "Gated", ConnectionId = 2, TriggeredBy = "schedule", StartedAt = now.AddMinutes(-1), Outcome = JobOutcome.Running });
            db.JobLeases.AddRange(
                new JobLease { Key = "Gated:1", Holder = "dead-instance", ExpiresAt = now.AddHours(-1) },
                new JobLease { Key = "Gated:2", Holder = "live-instance", ExpiresAt = now.AddMinutes(1) });
            await db.SaveChangesAsync();
        }

        // Act
        var run = await CreateRunner().RunAsync(DatabaseMaintenanceJob.JobName, null, "tester");

        // Assert: the 200-day-old one is closed and, being older than 90 days, removed; the live one is untouched.
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Equal("Closed 2 interrupted runs. Removed 1 job run older than 90 days and 1 expired lease.", run.Summary);
        await using var check = _database.CreateDbContext();
        var left = await check.JobRuns.Where(r => r.JobName == "Gated").OrderBy(r => r.ConnectionId).ToListAsync();
        Assert.Equal([JobOutcome.Interrupted, JobOutcome.Running], left.Select(r => r.Outcome));
        Assert.Equal(InterruptedRuns.Summary, left[0].Summary);
        Assert.False(await check.JobRuns.AnyAsync(r => r.JobName == "Failing"));
        Assert.Equal(["Gated:2"], await check.JobLeases.Select(l => l.Key).ToListAsync());
    }

    [Fact]
    public async Task RunAsync_JobReportsProgress_ChangedCarriesProgressThenFinalState()
    {
        // Arrange
        var runner = CreateRunner();
        var seen = new ConcurrentQueue<LiveJobStatus>();
        runner.Changed += seen.Enqueue;
        _gated.Release.SetResult();

        // Act
        await runner.RunAsync("Gated", null, "tester");

        // Assert
        var statuses = seen.ToList();
        Assert.Contains(statuses, s => s is { Running: true, Progress.Message: "halfway", Progress.Fraction: 0.5 });
        Assert.Equal(new JobProgress("gated done", 1), statuses[^1].Progress);
        Assert.False(statuses[^1].Running);
        Assert.Equal(JobOutcome.Succeeded, runner.GetLive("Gated", null)!.Outcome);
    }

    [Fact]
    public async Task DatabaseMaintenance_RemovesRunsOlderThan90DaysAndExpiredLeases()
    {
        // Arrange
        var now = TimeProvider.System.GetUtcNow();
        await using (var db = _database.CreateDbContext())
        {
            db.JobRuns.AddRange(
                new JobRun { JobName = "Old", TriggeredBy = "schedule", StartedAt = now.AddDays(-91), Outcome = JobOutcome.Succeeded },
                new JobRun { JobName = "Recent", TriggeredBy = "schedule", StartedAt = now.AddDays(-89), Outcome = JobOutcome.Succeeded });
            db.JobLeases.Add(new JobLease { Key = "Stale", Holder = "gone", ExpiresAt = now.AddHours(-1) });
            await db.SaveChangesAsync();
        }

        // Act
        var run = await CreateRunner().RunAsync(DatabaseMaintenanceJob.JobName, null, "tester");

        // Assert
        await using var check = _database.CreateDbContext();
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Equal("Removed 1 job run older than 90 days and 1 expired lease.", run.Summary);
        Assert.Equal(["DatabaseMaintenance", "Recent"], await check.JobRuns.Select(r => r.JobName).OrderBy(n => n).ToListAsync());
        Assert.Empty(await check.JobLeases.ToListAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "Timed out waiting for the job to end.");
            await Task.Delay(20);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _gated.Release.TrySetResult();
        await Task.Delay(50);
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class GatedJob : IPortalJob
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => "Gated";
        public string DefaultSchedule => "off";
        public bool PerConnection => true;

        public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
        {
            Started.TrySetResult();
            context.Progress.Report(new JobProgress("halfway", 0.5));
            await Release.Task.WaitAsync(ct);
            return "gated done";
        }
    }

    private sealed class FailingJob : IPortalJob
    {
        public string Name => "Failing";
        public string DefaultSchedule => "off";
        public bool PerConnection => false;
        public Task<string?> RunAsync(JobContext context, CancellationToken ct) => throw new InvalidOperationException("Zoom said no.");
    }
}
