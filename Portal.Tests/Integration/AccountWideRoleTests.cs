using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Home;
using Portal.Core.Features.Staff;
using Portal.Core.Features.Usage;
using Portal.Core.Features.Webhooks;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>
/// Every Core service that reads or changes account-wide data checks the actor's role itself, so a page that forgets
/// [Authorize] exposes nothing; the system (background jobs, start-up) keeps passing.
/// </summary>
public sealed class AccountWideRoleTests(AccountWideRoleTests.ActorPortal factory) : IClassFixture<AccountWideRoleTests.ActorPortal>
{
    private const int NoSuchConnection = 987_654;
    private static readonly string[] s_admins = ["admin", "system"];
    private static readonly string[] s_directors = ["admin", "director", "system"];
    private static readonly string[] s_staff = ["admin", "director", "teacher", "system"];
    private static readonly string[] s_actors = ["admin", "director", "teacher", "anonymous", "system"];

    /// <summary>Reads: the allowed actors get an answer, every other actor is refused.</summary>
    private static readonly Dictionary<string, (string[] Allowed, Func<IServiceProvider, Task> Call)> s_reads = new()
    {
        ["connections.list"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().ListAsync()),
        ["connections.get"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().GetAsync(NoSuchConnection)),
        ["connections.dependencies"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().GetDependenciesAsync(NoSuchConnection)),
        ["connections.directory"] = (s_staff, sp => sp.GetRequiredService<IConnectionDirectory>().ListAsync()),
        ["home.summary"] = (s_staff, sp => sp.GetRequiredService<IHomeSummaryService>().GetAsync()),
        ["jobs.history"] = (s_admins, sp => sp.GetRequiredService<IJobHistory>().RecentAsync()),
        ["webhooks.list"] = (s_admins, sp => sp.GetRequiredService<IWebhookAdmin>().ListAsync(WebhookEventFilter.All, null, 0, 10)),
        ["usage.overview"] = (s_directors, sp => sp.GetRequiredService<IUsageDashboardService>().GetOverviewAsync()),
        ["usage.dashboard"] = (s_directors, sp => sp.GetRequiredService<IUsageDashboardService>().GetDashboardAsync(NoSuchConnection)),
        ["usage.history"] = (s_directors, sp => sp.GetRequiredService<IUsageDashboardService>().GetHistoryAsync(NoSuchConnection, 30)),
        ["audit.query"] = (s_directors, sp => sp.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery())),
        ["audit.actions"] = (s_directors, sp => sp.GetRequiredService<IAuditLog>().ActionsAsync()),
        ["audit.export"] = (s_directors, async sp =>
        {
            await foreach (var _ in sp.GetRequiredService<IAuditLog>().ExportAsync(new AuditQuery()))
            {
            }
        }),
    };

    /// <summary>Changes: only refusals are exercised (an allowed call would change the shared test portal).</summary>
    private static readonly Dictionary<string, (string[] Allowed, Func<IServiceProvider, Task> Call)> s_changes = new()
    {
        ["connections.verify-new"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().VerifyNewAsync(new ServerToServerCredentials { Name = "x", AccountId = "a", ClientId = "c", ClientSecret = "s" })),
        ["connections.create"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().CreateServerToServerAsync(new ServerToServerCredentials { Name = "x", AccountId = "a", ClientId = "c", ClientSecret = "s" })),
        ["connections.replace-credentials"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().ReplaceCredentialsAsync(NoSuchConnection, new ServerToServerCredentials { Name = "x", AccountId = "a", ClientId = "c", ClientSecret = "s" })),
        ["connections.reverify"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().ReverifyAsync(NoSuchConnection)),
        ["connections.rename"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().RenameAsync(NoSuchConnection, "x")),
        ["connections.rotate"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().RotateSecretAsync(NoSuchConnection, "s")),
        ["connections.delete"] = (s_admins, sp => sp.GetRequiredService<IConnectionService>().DeleteAsync(NoSuchConnection)),
        ["links.start"] = (s_admins, sp => sp.GetRequiredService<IZoomLinkService>().StartAsync("oid")),
        ["links.complete"] = (s_admins, sp => sp.GetRequiredService<IZoomLinkService>().CompleteAsync(new LinkCallback("state", "code", null, null, "binding", "oid"))),
        ["links.unlink"] = (s_admins, sp => sp.GetRequiredService<IZoomLinkService>().UnlinkAsync(NoSuchConnection)),
        ["links.refresh"] = (s_admins, sp => sp.GetRequiredService<IZoomLinkService>().RefreshAsync(NoSuchConnection)),
        ["webhooks.retry"] = (s_admins, sp => sp.GetRequiredService<IWebhookAdmin>().RetryAsync(NoSuchConnection)),
        ["jobs.start"] = (s_admins, sp => sp.GetRequiredService<IJobLauncher>().StartAsync(DatabaseMaintenanceJob.JobName, null)),
        ["jobs.start-staff-sync"] = (s_directors, sp => sp.GetRequiredService<IJobLauncher>().StartAsync(StaffSyncJob.JobName, NoSuchConnection)),
        ["usage.refresh"] = (s_directors, sp => sp.GetRequiredService<IUsageDashboardService>().RefreshAsync(NoSuchConnection)),
    };

    public static TheoryData<string, string> Reads() => Combine(s_reads, refusedOnly: false);

    public static TheoryData<string, string> RefusedChanges() => Combine(s_changes, refusedOnly: true);

    private static TheoryData<string, string> Combine(Dictionary<string, (string[] Allowed, Func<IServiceProvider, Task> Call)> operations, bool refusedOnly)
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, (allowed, _)) in operations)
        {
            foreach (var actor in s_actors.Where(a => !refusedOnly || !allowed.Contains(a)))
            {
                data.Add(name, actor);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task AccountWideRead_EachActor_AllowedRolesAnswerOthersAreRefused(string operation, string actor)
    {
        // Arrange
        var (allowed, call) = s_reads[operation];
        await using var scope = factory.ScopeAs(actor);

        // Act
        var error = await Record.ExceptionAsync(() => call(scope.ServiceProvider));

        // Assert
        if (allowed.Contains(actor))
        {
            Assert.Null(error);
        }
        else
        {
            Assert.IsType<UnauthorizedAccessException>(error);
        }
    }

    [Theory]
    [MemberData(nameof(RefusedChanges))]
    public async Task AccountWideChange_ActorWithoutTheRole_IsRefused(string operation, string actor)
    {
        // Arrange
        var (_, call) = s_changes[operation];
        await using var scope = factory.ScopeAs(actor);

        // Act
        var error = await Record.ExceptionAsync(() => call(scope.ServiceProvider));

        // Assert
        Assert.IsType<UnauthorizedAccessException>(error);
    }

    [Fact]
    public async Task HomeSummary_Teacher_HoldsNoAccountWideFigures()
    {
        // Arrange
        await using var scope = factory.ScopeAs("teacher");

        // Act
        var summary = await scope.ServiceProvider.GetRequiredService<IHomeSummaryService>().GetAsync();

        // Assert
        Assert.Equal(0, summary.Connections);
        Assert.Empty(summary.ConnectionHealth);
        Assert.Equal(0, summary.StaffMembers);
        Assert.Empty(summary.MappingCounts);
    }

    /// <summary>The portal with every scope's actor taken from one switchable fake actor.</summary>
    public sealed class ActorPortal : PortalAppFactory
    {
        private readonly AsyncLocal<Actor?> _actor = new();

        public AsyncServiceScope ScopeAs(string who)
        {
            _actor.Value = who switch
            {
                "anonymous" => Actor.Anonymous,
                "system" => Actor.System,
                _ => FakeCurrentActor.For(who).Actor,
            };
            return Services.CreateAsyncScope();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddScoped<ICurrentActor>(_ => new FakeCurrentActor(_actor.Value ?? Actor.System)));
        }
    }
}
