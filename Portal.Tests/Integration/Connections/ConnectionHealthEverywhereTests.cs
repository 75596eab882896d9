using Portal.Tests.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;
using Portal.ZoomSandbox;

namespace Portal.Tests.Integration.Connections;

/// <summary>A connection's health reads the same on the connections list, its page, the dashboards and the home page.</summary>
public sealed class ConnectionHealthEverywhereTests(ConnectionsAppFactory factory) : IClassFixture<ConnectionsAppFactory>
{
    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        _ = factory.BaseUrl;
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    [Fact]
    public async Task Pages_LimitedLinkAndAppWhoseSnapshotFails_SameStateAndReasonOnListDetailsDashboardsAndHome()
    {
        // Arrange: a link whose permissions cover one user (every account-wide feature off)
        using var admin = factory.CreatePortalClient();
        await admin.SignInAsync("admin");
        var link = ZoomLinkFlow.ConnectionIdFrom(await ZoomLinkFlow.LinkAsync(admin, account: SandboxState.Account3, userLevel: true));
        // Arrange: an app whose last hourly usage snapshot failed for a missing scope
        var created = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().CreateServerToServerAsync(new ServerToServerCredentials
        {
            Name = "Second center", AccountId = SandboxState.Account2, ClientId = "sandbox-s2s-client-2", ClientSecret = "sandbox-s2s-secret-2",
        }));
        var app = created.ConnectionId!.Value;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.JobRuns.Add(new JobRun
            {
                JobName = UsageSnapshotJob.JobName, ConnectionId = app, StartedAt = TimeProvider.System.GetUtcNow().AddMinutes(-5), EndedAt = TimeProvider.System.GetUtcNow().AddMinutes(-5),
                Outcome = JobOutcome.Failed, Error = "The Zoom app lacks the scope billing:read:plan_usage:admin.", TriggeredBy = "scheduler",
            });
            await db.SaveChangesAsync();
        }

        // Act
        var linkHealth = (await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().GetAsync(link)))!.Summary.Health;
        var appHealth = (await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().GetAsync(app)))!.Summary.Health;
        var pages = new Dictionary<string, string>();
        foreach (var path in new[] { "connections", $"connections/{link}", $"connections/{app}", "dashboards", $"dashboards/{link}", $"dashboards/{app}", "" })
        {
            pages[path] = await admin.SeenAsync(path, path.EndsWith($"/{app}", StringComparison.Ordinal) ? appHealth.Label : linkHealth.Label);
        }

        // Assert: the rule's words
        Assert.Equal(HealthState.Limited, linkHealth.State);
        Assert.Contains("cover only una.third@writing.example.edu", linkHealth.Reason);
        Assert.Equal(HealthState.Failing, appHealth.State);
        Assert.Equal("The hourly usage snapshot failed: The Zoom app lacks the scope billing:read:plan_usage:admin.", appHealth.Reason);

        // Assert: the same words on every page that shows the connection
        foreach (var (health, paths) in new[]
        {
            (linkHealth, new[] { "connections", $"connections/{link}", "dashboards", $"dashboards/{link}", "" }),
            (appHealth, new[] { "connections", $"connections/{app}", "dashboards", $"dashboards/{app}", "" }),
        })
        {
            foreach (var path in paths)
            {
                Assert.True(pages[path].Contains($"data-state=\"{health.Label}\"", StringComparison.Ordinal), $"/{path} does not say {health.Label}");
                Assert.True(pages[path].Contains(health.Reason, StringComparison.Ordinal), $"/{path} does not give the reason {health.Reason}");
            }
        }
        Assert.DoesNotContain("Needs attention", pages["dashboards"]);
        Assert.DoesNotContain("Switched off</span>", pages["dashboards"]);
    }
}
