using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.Staff;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Integration.Connections;

/// <summary>Links whose Zoom scopes cover one user only, and unlinking when Zoom's revoke fails.</summary>
public sealed class ConnectionsUserLevelAndRevokeTests(ConnectionsAppFactory factory) : IClassFixture<ConnectionsAppFactory>
{
    private ZoomSandboxControl Sandbox => factory.Services.GetRequiredService<ZoomSandboxControl>();

    private async Task<PortalHttpClient> AdminAsync()
    {
        var admin = factory.CreatePortalClient();
        await admin.SignInAsync("admin");
        return admin;
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private async Task<PortalDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<HttpResponseMessage> CallZoomAsync(string accessToken, string path)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{factory.BaseUrl}/_zoom-sandbox/v2/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Link_UserLevelScopes_StoredHealthyWithPlainPermissionsAndAccountWideFeaturesOffWithReason()
    {
        // Arrange
        using var admin = await AdminAsync();
        var store = factory.Services.GetRequiredService<ZoomLinkTokenStore>();

        // Act
        var linked = await ZoomLinkFlow.LinkAsync(admin, account: SandboxState.Account3, userLevel: true);
        var id = ZoomLinkFlow.ConnectionIdFrom(linked);
        var refreshed = await InScopeAsync(sp => sp.GetRequiredService<IZoomLinkService>().RefreshAsync(id));
        var tokens = (await store.LoadAsync(id, default))!;
        var verified = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ReverifyAsync(id));
        var item = (await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ListAsync())).Single(c => c.Id == id);
        var details = await admin.SeenAsync($"connections/{id}?linked=new", "Meetings: read");
        var list = await admin.SeenAsync("connections", "User-level access only");
        var syncState = (await InScopeAsync(sp => sp.GetRequiredService<IStaffService>().SyncStatesAsync())).Single(s => s.ConnectionId == id);
        var dashboard = (await InScopeAsync(sp => sp.GetRequiredService<IUsageDashboardService>().GetDashboardAsync(id)))!;
        using var me = await CallZoomAsync(tokens.AccessToken, "users/me");
        using var other = await CallZoomAsync(tokens.AccessToken, "users/terry.teacher@writing.example.edu");
        using var list2 = await CallZoomAsync(tokens.AccessToken, "users?status=active");
        var otherBody = await other.Content.ReadAsStringAsync();

        // Assert: Zoom's side (token scope, also after a refresh; "me" only; 4711 naming the admin scope)
        Assert.True(refreshed.Succeeded, refreshed.Message);
        Assert.DoesNotContain(tokens.Scopes, s => s.EndsWith(":admin", StringComparison.Ordinal));
        Assert.Contains("meeting:read:meeting", tokens.Scopes);
        Assert.Contains("cloud_recording:read:list_user_recordings", tokens.Scopes);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        using (var doc = JsonDocument.Parse(otherBody))
        {
            Assert.Equal(4711, doc.RootElement.GetProperty("code").GetInt32());
            Assert.Contains("user:read:user:admin", doc.RootElement.GetProperty("message").GetString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, list2.StatusCode);

        // Assert: the portal's side
        Assert.True(verified.Succeeded, verified.Message);
        Assert.False(item.AccountWide);
        Assert.Null(item.LastError);
        Assert.Equal("una.third@writing.example.edu", item.LinkedByEmail);
        Assert.Contains("id=\"not-account-wide\"", details);
        Assert.Contains("only una.third@writing.example.edu", details);
        Assert.Contains("Meetings: read", details);
        Assert.Contains("User-level access only", list);
        Assert.Contains("cannot offer staff sync and mapping", syncState.SwitchedOffReason);
        Assert.Contains("una.third@writing.example.edu", syncState.SwitchedOffReason);
        Assert.Contains("cannot offer licence and storage dashboards", dashboard.Card.SwitchedOffReason);
        Assert.Contains(dashboard.Card.Alerts, a => a.Title.Contains("switched off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaffSyncAndUsageSnapshot_UserLevelLink_RefuseWithReasonWithoutCallingZoom()
    {
        // Arrange
        using var admin = await AdminAsync();
        Sandbox.GrantUserLevelScopesOnly = true;
        int id;
        try
        {
            id = ZoomLinkFlow.ConnectionIdFrom(await ZoomLinkFlow.LinkAsync(admin, account: SandboxState.Account3));
        }
        finally
        {
            Sandbox.GrantUserLevelScopesOnly = false;
        }
        var callsBefore = Sandbox.AllRequestCounts().Where(kv => !kv.Key.Contains("/oauth/", StringComparison.Ordinal)).Sum(kv => kv.Value);
        var jobs = factory.Services.GetRequiredService<IJobRunner>();

        // Act
        var direct = await Assert.ThrowsAsync<AccountWideAccessRequiredException>(() =>
            InScopeAsync(sp => sp.GetRequiredService<IStaffSyncService>().SyncAsync(id, null, "test")));
        var syncRun = await jobs.RunAsync(StaffSyncJob.JobName, id, "test");
        var snapshotRun = await jobs.RunAsync(UsageSnapshotJob.JobName, id, "test");
        var callsAfter = Sandbox.AllRequestCounts().Where(kv => !kv.Key.Contains("/oauth/", StringComparison.Ordinal)).Sum(kv => kv.Value);
        await using var db = await DbAsync();
        var syncRuns = await db.SyncRuns.CountAsync(r => r.ConnectionId == id);
        var snapshots = await db.UsageSnapshots.CountAsync(s => s.ConnectionId == id);

        // Assert
        Assert.Equal(AccountWideFeature.StaffSync, direct.Feature);
        Assert.Contains("only una.third@writing.example.edu", direct.Message);
        Assert.Equal(JobOutcome.Failed, syncRun.Outcome);
        Assert.Contains("cannot offer staff sync and mapping", syncRun.Error);
        Assert.Equal(JobOutcome.Failed, snapshotRun.Outcome);
        Assert.Contains("cannot offer licence and storage dashboards", snapshotRun.Error);
        Assert.Equal(callsBefore, callsAfter);
        Assert.Equal(0, syncRuns);
        Assert.Equal(0, snapshots);
    }

    [Fact]
    public async Task RefreshJob_LinkWhoseRefreshTokenIsAging_RefreshedAndRotatedFreshOneLeftAlone()
    {
        // Arrange
        using var admin = await AdminAsync();
        var store = factory.Services.GetRequiredService<ZoomLinkTokenStore>();
        var aging = ZoomLinkFlow.ConnectionIdFrom(await ZoomLinkFlow.LinkAsync(admin, account: "sandbox-account-2"));
        var fresh = ZoomLinkFlow.ConnectionIdFrom(await ZoomLinkFlow.LinkAsync(admin, account: SandboxState.Account3, userLevel: true));
        await using (var db = await DbAsync())
        {
            var old = factory.Clock.GetUtcNow().AddDays(-30);
            await db.ZoomConnections.Where(c => c.Id == aging).ExecuteUpdateAsync(u => u.SetProperty(c => c.RefreshTokenObtainedAt, old));
        }
        var agingBefore = (await store.LoadAsync(aging, default))!;
        var freshBefore = (await store.LoadAsync(fresh, default))!;

        // Act
        var run = await factory.Services.GetRequiredService<IJobRunner>().RunAsync(ZoomLinkRefreshJob.JobName, null, "test");
        var agingAfter = (await store.LoadAsync(aging, default))!;
        var freshAfter = (await store.LoadAsync(fresh, default))!;

        // Assert
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Equal("Refreshed 1 linked account.", run.Summary);
        Assert.NotEqual(agingBefore.RefreshToken, agingAfter.RefreshToken);
        Assert.Equal(freshBefore.RefreshToken, freshAfter.RefreshToken);
        Assert.Equal(freshBefore.Scopes.Order(), freshAfter.Scopes.Order());
    }

    [Theory]
    [InlineData("5xx")]
    [InlineData("timeout")]
    public async Task Unlink_RevokeFails_DeletesEverythingLocallyAuditsRevokeFailedAndSaysHowToRemoveTheApp(string fault)
    {
        // Arrange
        using var admin = await AdminAsync();
        var store = factory.Services.GetRequiredService<ZoomLinkTokenStore>();
        var id = ZoomLinkFlow.ConnectionIdFrom(await ZoomLinkFlow.LinkAsync(admin, account: "sandbox-account-2"));
        var tokens = (await store.LoadAsync(id, default))!;
        await using (var db = await DbAsync())
        {
            db.StorageFreedEstimates.Add(new StorageFreedEstimate { ConnectionId = id, RecordedAt = factory.Clock.GetUtcNow(), Bytes = 1234 });
            db.Set<RecordingShare>().Add(new RecordingShare
            {
                TokenHash = Guid.NewGuid().ToString("N"), ConnectionId = id, MeetingUuid = "abc==", Topic = "Cached topic", CreatedBy = "test",
                CreatedAt = factory.Clock.GetUtcNow(), ExpiresAt = factory.Clock.GetUtcNow().AddDays(1),
            });
            await db.SaveChangesAsync();
        }
        var attemptsBefore = Sandbox.RevokeAttempts;
        if (fault == "5xx")
        {
            Sandbox.InjectRevokeFailure(503);
        }
        else
        {
            Sandbox.DelayRevokes(TimeSpan.FromSeconds(20));
        }

        // Act
        UnlinkOutcome outcome;
        try
        {
            outcome = await InScopeAsync(sp => sp.GetRequiredService<IZoomLinkService>().UnlinkAsync(id));
        }
        finally
        {
            Sandbox.SetLatency(TimeSpan.Zero);
        }
        await using var check = await DbAsync();
        var audit = await check.AuditEntries.AsNoTracking().Where(a => a.Action == "connection.unlinked" && a.ConnectionId == id).ToListAsync();
        using var stillValid = await CallZoomAsync(tokens.AccessToken, "users/me");

        // Assert
        Assert.True(outcome.Succeeded);
        Assert.False(outcome.RevokedAtZoom);
        Assert.NotNull(outcome.RevokeProblem);
        Assert.Contains("Manage → Installed Apps", outcome.Message);
        Assert.Contains("Remove", outcome.Message);
        Assert.Equal(attemptsBefore + 1, Sandbox.RevokeAttempts);
        Assert.DoesNotContain(Sandbox.Revocations, r => r.Token == tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.False(await check.ZoomConnections.AnyAsync(c => c.Id == id));
        Assert.Null(await store.LoadAsync(id, default));
        Assert.False(await check.StorageFreedEstimates.AnyAsync(e => e.ConnectionId == id));
        Assert.False(await check.Set<RecordingShare>().AnyAsync(s => s.ConnectionId == id));
        Assert.False(await check.UsageSnapshots.AnyAsync(s => s.ConnectionId == id));
        var entry = Assert.Single(audit);
        Assert.Contains("revoke failed", entry.Values());
        Assert.DoesNotContain(tokens.AccessToken, entry.Values());
    }
}
