using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;
using Portal.Core.Security;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

public sealed class DashboardIntegrationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    internal static async Task<int> AddSandboxConnectionAsync(PortalAppFactory factory, string name, string account = "sandbox-account-1",
        string clientId = "sandbox-s2s-client", string secret = "sandbox-s2s-secret")
    {
        _ = factory.BaseUrl;
        var protector = factory.Services.GetRequiredService<ISecretProtector>();
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var c = new ZoomConnection
        {
            Name = name, Slug = $"{name.ToLowerInvariant().Replace(' ', '-')}-{Guid.NewGuid():N}"[..30], Kind = ConnectionKind.ServerToServer,
            AccountId = account, ClientId = clientId, EncryptedClientSecret = protector.Protect(secret), CreatedAt = factory.Clock.GetUtcNow(),
        };
        db.ZoomConnections.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    [Fact]
    public async Task SnapshotJob_AgainstSandbox_StoresLicencesUsersAndStorage()
    {
        // Arrange
        var id = await AddSandboxConnectionAsync(factory, "Sandbox usage");
        var runner = factory.Services.GetRequiredService<IJobRunner>();

        // Act
        var run = await runner.RunAsync(UsageSnapshotJob.JobName, id, "test");

        // Assert
        Assert.True(run.Outcome == JobOutcome.Succeeded, run.Error);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var s = await db.UsageSnapshots.SingleAsync(x => x.ConnectionId == id);
        Assert.True(s.LicencesPurchased > 0);
        Assert.True(s.LicencesAssigned > 0);
        Assert.True(s.UsersTotal > 100);
        Assert.True(s.StorageUsedBytes > 0 || s.StorageUnlimited || s.UnknownFigures.Contains("storage", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task DashboardPages_DirectorSeesThem_TeacherIsForbidden()
    {
        // Arrange
        var id = await AddSandboxConnectionAsync(factory, "Pages check");
        using var director = factory.CreatePortalClient();
        using var teacher = factory.CreatePortalClient();
        await director.SignInAsync("director");
        await teacher.SignInAsync("teacher");

        // Act
        using var overview = await director.GetAsync("/dashboards");
        using var dashboard = await director.GetAsync($"/dashboards/{id}");
        using var forbidden = await teacher.GetAsync("/dashboards");

        // Assert
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        await director.SeenAsync("/dashboards", "Pages check");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        await director.SeenAsync($"/dashboards/{id}", "No snapshot yet");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
