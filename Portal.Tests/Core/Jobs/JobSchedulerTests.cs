using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Features.Connections;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Jobs;

public sealed class JobSchedulerTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly FakeJobRunner _runner = new(new WholeAccountJob(), new AnyAccessJob(), new GlobalJob());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<int> AddConnectionAsync(string name, ConnectionKind kind, string scopes, bool disabled = false)
    {
        await using var db = _database.CreateDbContext();
        var c = new ZoomConnection
        {
            Name = name, Slug = name, Kind = kind, AccountId = $"acct-{name}", GrantedScopes = scopes, Disabled = disabled,
            LinkedByEmail = kind == ConnectionKind.OAuthLink ? "linker@writing.example.edu" : null, CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.ZoomConnections.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    [Fact]
    public async Task StartDueJobsAsync_JobNeedsWholeAccount_SkipsUserLevelLinksAndStartsTheOthers()
    {
        // Arrange
        var s2s = await AddConnectionAsync("s2s", ConnectionKind.ServerToServer, "");
        var adminLink = await AddConnectionAsync("admin-link", ConnectionKind.OAuthLink, "user:read:user:admin meeting:read:meeting:admin");
        var userLink = await AddConnectionAsync("user-link", ConnectionKind.OAuthLink, "user:read:user meeting:read:meeting meeting:write:meeting");
        await AddConnectionAsync("disabled", ConnectionKind.ServerToServer, "", disabled: true);
        var scheduler = new JobScheduler(_runner, _database, Options.Create(new JobsOptions()), Options.Create(new JobSettingsByName()), TimeProvider.System,
            new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance), NullLogger<JobScheduler>.Instance);

        // Act
        await scheduler.StartDueJobsAsync(CancellationToken.None);

        // Assert
        var wholeAccount = _runner.Started.Where(s => s.Job == WholeAccountJob.JobName).Select(s => s.ConnectionId).Order().ToList();
        var anyAccess = _runner.Started.Where(s => s.Job == AnyAccessJob.JobName).Select(s => s.ConnectionId).Order().ToList();
        Assert.Equal([s2s, adminLink], wholeAccount);
        Assert.Equal([s2s, adminLink, userLink], anyAccess);
        Assert.Equal([null], _runner.Started.Where(s => s.Job == GlobalJob.JobName).Select(s => s.ConnectionId));
    }

    [Fact]
    public async Task StartDueJobsAsync_LastRunDiedWithItsProcess_ClosesItAsInterruptedAndStartsTheJobAgain()
    {
        // Arrange: the hourly global job started a minute ago in a process that was killed (no live lease), so by its
        // schedule it is not due for another 59 minutes.
        await using (var db = _database.CreateDbContext())
        {
            db.JobRuns.Add(new JobRun
            {
                JobName = GlobalJob.JobName, TriggeredBy = "schedule", StartedAt = TimeProvider.System.GetUtcNow().AddMinutes(-1), Outcome = JobOutcome.Running,
            });
            await db.SaveChangesAsync();
        }
        var scheduler = new JobScheduler(_runner, _database, Options.Create(new JobsOptions()), Options.Create(new JobSettingsByName()), TimeProvider.System,
            new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance), NullLogger<JobScheduler>.Instance);

        // Act
        await scheduler.StartDueJobsAsync(CancellationToken.None);

        // Assert
        await using var check = _database.CreateDbContext();
        var run = await check.JobRuns.SingleAsync();
        Assert.Equal(JobOutcome.Interrupted, run.Outcome);
        Assert.Equal(InterruptedRuns.Summary, run.Summary);
        Assert.Equal([null], _runner.Started.Where(s => s.Job == GlobalJob.JobName).Select(s => s.ConnectionId));
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public async Task StartDueJobsAsync_DailyJobOnAnyDay_StartsOnceADayAtItsUtcTime(DateTimeOffset now)
    {
        // Arrange: the global job runs "daily 03:30"; its last run started a day ago.
        var settings = new JobSettingsByName
        {
            ["Global"] = new() { Schedule = "daily 03:30" },
            ["WholeAccount"] = new() { Schedule = "off" },
            ["AnyAccess"] = new() { Schedule = "off" },
        };
        var clock = AwkwardDates.ClockAt(now);
        var scheduler = new JobScheduler(_runner, _database, Options.Create(new JobsOptions()), Options.Create(settings), clock,
            new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance), NullLogger<JobScheduler>.Instance);
        await AddRunAsync(GlobalJob.JobName, now.AddDays(-1));

        // Act: a day since the last run always holds one 03:30; a run a minute ago holds none (no instant here is 03:30).
        await scheduler.StartDueJobsAsync(CancellationToken.None);
        var afterADay = _runner.Started.Count;
        await AddRunAsync(GlobalJob.JobName, now.AddMinutes(-1));
        await scheduler.StartDueJobsAsync(CancellationToken.None);
        var afterAMinute = _runner.Started.Count - afterADay;
        clock.SetUtcNow(JobSchedule.Parse("daily 03:30").NextAfter(now)!.Value);
        await scheduler.StartDueJobsAsync(CancellationToken.None);
        var atTheNextTime = _runner.Started.Count - afterADay - afterAMinute;

        // Assert
        Assert.Equal(1, afterADay);
        Assert.Equal(0, afterAMinute);
        Assert.Equal(1, atTheNextTime);
    }

    private async Task AddRunAsync(string jobName, DateTimeOffset startedAt)
    {
        await using var db = _database.CreateDbContext();
        db.JobRuns.Add(new JobRun { JobName = jobName, TriggeredBy = "schedule", StartedAt = startedAt, EndedAt = startedAt.AddSeconds(5), Outcome = JobOutcome.Succeeded });
        await db.SaveChangesAsync();
    }

    private sealed class WholeAccountJob : IPortalJob
    {
        public const string JobName = "WholeAccount";
        public string Name => JobName;
        public string DefaultSchedule => "01:00:00";
        public bool PerConnection => true;
        public AccountWideFeature? NeedsWholeAccount => AccountWideFeature.StaffSync;
        public Task<string?> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult<string?>(null);
    }

    private sealed class AnyAccessJob : IPortalJob
    {
        public const string JobName = "AnyAccess";
        public string Name => JobName;
        public string DefaultSchedule => "01:00:00";
        public bool PerConnection => true;
        public Task<string?> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult<string?>(null);
    }

    private sealed class GlobalJob : IPortalJob
    {
        public const string JobName = "Global";
        public string Name => JobName;
        public string DefaultSchedule => "01:00:00";
        public bool PerConnection => false;
        public Task<string?> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult<string?>(null);
    }
}
