using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Components.Pages.Jobs;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Jobs;

/// <summary>The Background jobs page over a real database, job history and runner.</summary>
public sealed class JobsPageTests : PortalComponentTest
{
    private readonly TestDatabase _database = new();

    public JobsPageTests()
    {
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_database);
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton(Options.Create(new JobLeaseOptions()));
        Services.AddSingleton(Options.Create(new JobsOptions()));
        Services.AddSingleton(Options.Create(new JobSettingsByName()));
        Services.AddSingleton(Options.Create(new DatabaseMaintenanceOptions()));
        Services.AddScoped<IPortalJob, DatabaseMaintenanceJob>();
        Services.AddSingleton<IJobRunner, JobRunner>();
        Services.AddSingleton<IJobHistory, JobHistory>();
        Services.AddSingleton<IJobLauncher, JobLauncher>();
        Services.AddSingleton<IConnectionDirectory, ConnectionDirectory>();
        Services.AddSingleton<IAuditLog, AuditLog>();
        SignInAs("admin");
    }

    [Fact]
    public async Task Render_RunInterruptedByACrash_ShowsInterruptedWithTheExplanation()
    {
        // Arrange: the maintenance job's run was left Running by a killed process, then closed by the next one.
        await using (var db = _database.CreateDbContext())
        {
            db.JobRuns.Add(new JobRun
            {
                JobName = DatabaseMaintenanceJob.JobName, TriggeredBy = "schedule", StartedAt = TimeProvider.System.GetUtcNow().AddMinutes(-5), Outcome = JobOutcome.Running,
            });
            await db.SaveChangesAsync();
            await InterruptedRuns.CloseAsync(db, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        // Act
        var cut = Render<JobsPage>();

        // Assert: in the jobs table and in the recent runs, in words; no "took" for a run that never finished.
        cut.WaitForAssertion(() => Assert.Contains("Interrupted", cut.Find("#jobs-table").TextContent));
        var jobs = cut.Find("#jobs-table").TextContent;
        Assert.Contains(InterruptedRuns.Summary, jobs);
        Assert.Contains("did not finish, by schedule", jobs);
        Assert.DoesNotContain("took", jobs);
        var runs = cut.Find("#runs-table").TextContent;
        Assert.Contains("Interrupted", runs);
        Assert.Contains(InterruptedRuns.Summary, runs);
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();
}
