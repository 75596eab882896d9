using Portal.Tests.TestDoubles;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Staff;
using Portal.Core.Jobs;
using Portal.Core.Security;
using Portal.Core.Zoom;
using Portal.ZoomSandbox;

namespace Portal.Tests.Integration.Staff;

public sealed class StaffSandboxSyncTests(StaffAppFactory factory) : IClassFixture<StaffAppFactory>
{
    private const string D = StaffAppFactory.Domain;

    private async Task<int> SeedDeliberateAsync()
    {
        var c = await factory.EnsureConnectionAsync();
        foreach (var (name, email, aliases, _) in StaffDemoSeeder.Deliberate)
        {
            await factory.AddMemberAsync(name, email, c, aliases);
        }
        return c;
    }

    private async Task<JobRun> SyncAsync(int connectionId) =>
        await factory.Services.GetRequiredService<IJobRunner>().RunAsync(StaffSyncJob.JobName, connectionId, "test");

    [Fact]
    public async Task Sync_Sandbox_EveryDeliberateCaseGetsItsStatus()
    {
        // Arrange
        var control = factory.Services.GetRequiredService<ZoomSandboxControl>();
        control.Reset();
        var c = await SeedDeliberateAsync();
        control.ResetRequestCounts();

        // Act
        var run = await SyncAsync(c);

        // Assert
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        var m = await factory.MappingsByEmailAsync();
        Assert.Equal(MappingStatus.Ready, m[$"terry.teacher@{D}"].Status);
        Assert.Equal(MappingStatus.Ready, m[$"casey.case@{D}"].Status);
        Assert.Contains("case-only difference", m[$"casey.case@{D}"].Reason);
        Assert.Equal(MappingStatus.NotInZoom, m[$"nina.notinzoom@{D}"].Status);
        Assert.Equal(MappingStatus.Pending, m[$"pat.pending@{D}"].Status);
        Assert.Equal(MappingStatus.Basic, m[$"bea.basic@{D}"].Status);
        Assert.Equal(MappingStatus.Deactivated, m[$"dee.deactivated@{D}"].Status);
        Assert.Equal(MappingStatus.Conflict, m[$"sam.shared@{D}"].Status);
        Assert.Equal(MappingStatus.Conflict, m[$"samuel.sharedlee@{D}"].Status);
        var listCalls = control.AllRequestCounts().Where(kv => kv.Key.Contains("/users", StringComparison.Ordinal) && kv.Key.StartsWith("GET", StringComparison.Ordinal))
            .Sum(kv => kv.Value);
        Assert.InRange(listCalls, 3, 6); // every status listed page by page, never one call per member
    }

    [Fact]
    public async Task Sync_429sMidSync_StillCompletes()
    {
        // Arrange
        var control = factory.Services.GetRequiredService<ZoomSandboxControl>();
        control.Reset();
        var c = await SeedDeliberateAsync();
        control.InjectError("GET", "/users", 429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.", count: 2);

        // Act
        var run = await SyncAsync(c);

        // Assert
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var last = await db.SyncRuns.Where(r => r.ConnectionId == c).OrderByDescending(r => r.Id).FirstAsync();
        Assert.True(last.Succeeded);
        Assert.True(last.ZoomUsers > 250);
    }

    [Fact]
    public async Task Sync_CredentialsRevoked_FailsAndKeepsLastGoodMapping()
    {
        // Arrange
        var control = factory.Services.GetRequiredService<ZoomSandboxControl>();
        control.Reset();
        var c = await SeedDeliberateAsync();
        Assert.Equal(JobOutcome.Succeeded, (await SyncAsync(c)).Outcome);
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var connection = await db.ZoomConnections.SingleAsync(x => x.Id == c);
            connection.EncryptedClientSecret = factory.Services.GetRequiredService<ISecretProtector>().Protect("revoked-secret");
            await db.SaveChangesAsync();
        }
        var zoom = factory.Services.GetRequiredService<IZoomOAuth>();
        zoom.ForgetToken(Portal.Core.Zoom.ServerToServerTarget.ForConnection(c, "sandbox-account-1", "sandbox-s2s-client", "x"));

        try
        {
            // Act
            var failed = await SyncAsync(c);

            // Assert
            Assert.Equal(JobOutcome.Failed, failed.Outcome);
            Assert.Contains("credentials", failed.Error);
            var m = await factory.MappingsByEmailAsync();
            Assert.Equal(MappingStatus.Ready, m[$"terry.teacher@{D}"].Status);
            await using var db = await dbFactory.CreateDbContextAsync();
            var last = await db.SyncRuns.Where(r => r.ConnectionId == c).OrderByDescending(r => r.Id).FirstAsync();
            Assert.False(last.Succeeded);
            Assert.Contains("invalid_client", last.Error);
        }
        finally
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var connection = await db.ZoomConnections.SingleAsync(x => x.Id == c);
            connection.EncryptedClientSecret = factory.Services.GetRequiredService<ISecretProtector>().Protect("sandbox-s2s-secret");
            await db.SaveChangesAsync();
            zoom.ForgetToken(Portal.Core.Zoom.ServerToServerTarget.ForConnection(c, "sandbox-account-1", "sandbox-s2s-client", "x"));
        }
    }

    [Fact]
    public async Task Teacher_OtherMembersRecordOrExport_Refused_OwnRecordShown()
    {
        // Arrange
        var c = await SeedDeliberateAsync();
        var tess = await factory.AddMemberAsync("Tess Tutor", $"tess.tutor@{D}", c);
        using var teacher = factory.CreatePortalClient();
        await teacher.SignInAsync("teacher");

        // Act
        using var list = await teacher.GetAsync("/staff");
        using var export = await teacher.GetAsync("/staff/export.csv");
        using var edit = await teacher.GetAsync($"/staff/{tess}/edit");
        using var mine = await teacher.GetAsync("/staff/me");

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.DoesNotContain("tess.tutor@", await teacher.SeenAsync($"/staff/{tess}", "not found"));
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        await teacher.SeenAsync("/staff/me", "Terry Teacher");
    }

    [Fact]
    public async Task Director_ExportCsv_HasHeaderAndRows()
    {
        await SeedDeliberateAsync();
        using var director = factory.CreatePortalClient();
        await director.SignInAsync("director");

        using var export = await director.GetAsync("/staff/export.csv?inactive=true");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var text = await export.Content.ReadAsStringAsync();
        Assert.StartsWith("name,email,aliases,role,connection,active", text.TrimStart('\uFEFF'));
        Assert.Contains($"nina.notinzoom@{D}", text);
    }
}
