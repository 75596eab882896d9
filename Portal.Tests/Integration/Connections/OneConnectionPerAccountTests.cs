using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Integration.Connections;

/// <summary>One Zoom account is connected once: a second app or a link of a connected account is detected, named and refused or moved.</summary>
public sealed class OneConnectionPerAccountTests(ConnectionsAppFactory factory) : IClassFixture<ConnectionsAppFactory>
{
    private const string Account1 = "sandbox-account-1";
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    private static ServerToServerCredentials Limited(string name = "Second app") =>
        new() { Name = name, AccountId = Account1, ClientId = "sandbox-limited-client", ClientSecret = "sandbox-limited-secret" };

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        _ = factory.BaseUrl;
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private async Task<PortalDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<PortalHttpClient> AdminAsync()
    {
        var admin = factory.CreatePortalClient();
        await admin.SignInAsync("admin");
        return admin;
    }

    /// <summary>Account 1 held by a connection made in the portal (the configured one is taken out of configuration and deleted).</summary>
    private async Task<int> MainCampusAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            await using var db = await DbAsync();
            var holder = await AccountHolder.FindAsync(db, Account1, default);
            if (holder is { ManagedByConfiguration: false })
            {
                return holder.Id;
            }
            if (holder is not null)
            {
                await InScopeAsync(sp => sp.GetRequiredService<IConfiguredConnectionSync>().SyncAsync([]));
                Assert.True((await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().DeleteAsync(holder.Id))).Succeeded);
            }
            var created = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().CreateServerToServerAsync(
                new ServerToServerCredentials { Name = "Main campus", AccountId = Account1, ClientId = "sandbox-s2s-client", ClientSecret = "sandbox-s2s-secret" }));
            Assert.True(created.Succeeded, created.Message);
            return created.ConnectionId!.Value;
        }
        finally
        {
            s_gate.Release();
        }
    }

    private async Task<int> ConnectionsOfAsync(string accountId)
    {
        await using var db = await DbAsync();
        return await db.ZoomConnections.CountAsync(c => c.AccountId == accountId);
    }

    [Fact]
    public async Task CreateServerToServer_SecondAppOfAConnectedAccount_DetectedNamedRefusedAndReplaceMovesTheConnection()
    {
        // Arrange: "Main campus" holds account 1 through the full app, with a staff member assigned to it
        var mainId = await MainCampusAsync();
        int staffId;
        string oldSecret;
        await using (var db = await DbAsync())
        {
            var member = new StaffMember
            {
                Name = "Kept Member", Email = "kept@writing.example.edu", NormalizedEmail = "kept@writing.example.edu", ConnectionId = mainId,
                CreatedAt = TimeProvider.System.GetUtcNow(), UpdatedAt = TimeProvider.System.GetUtcNow(),
            };
            db.StaffMembers.Add(member);
            await db.SaveChangesAsync();
            staffId = member.Id;
            oldSecret = (await db.ZoomConnections.SingleAsync(c => c.Id == mainId)).EncryptedClientSecret!;
        }

        // Act: the wizard's verification step, then saving anyway (cancel), then moving the connection to the new app (replace)
        var verification = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().VerifyNewAsync(Limited()));
        var created = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().CreateServerToServerAsync(Limited()));
        var afterRefusal = await ConnectionsOfAsync(Account1);
        var replaced = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ReplaceCredentialsAsync(mainId, Limited()));

        // Assert
        Assert.True(verification.Passed);
        var holder = Assert.IsType<AccountHolder>(verification.AlreadyConnectedAs);
        Assert.Equal(mainId, holder.Id);
        Assert.Equal("Main campus", holder.Name);
        Assert.True(holder.CanReplaceWith("sandbox-limited-client"));
        Assert.Contains("already connected as \"Main campus\"", holder.WizardExplanation("sandbox-limited-client"));
        Assert.False(created.Succeeded);
        Assert.Contains("\"Main campus\"", created.Message);
        Assert.Equal(1, afterRefusal);
        Assert.True(replaced.Succeeded, replaced.Message);
        Assert.Equal(mainId, replaced.ConnectionId);
        Assert.Equal(1, await ConnectionsOfAsync(Account1));
        await using var check = await DbAsync();
        var row = await check.ZoomConnections.AsNoTracking().SingleAsync(c => c.Id == mainId);
        Assert.Equal("Main campus", row.Name);
        Assert.Equal("sandbox-limited-client", row.ClientId);
        Assert.NotEqual(oldSecret, row.EncryptedClientSecret);
        Assert.DoesNotContain("sandbox-limited-secret", row.EncryptedClientSecret);
        Assert.Null(row.LastError);
        Assert.Equal(mainId, (await check.StaffMembers.AsNoTracking().SingleAsync(s => s.Id == staffId)).ConnectionId);
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "connection.credentials-replaced" && a.ConnectionId == mainId));
        var reverified = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ReverifyAsync(mainId));
        Assert.True(reverified.Succeeded, reverified.Message);
    }

    [Fact]
    public async Task ReplaceCredentials_AccountHeldByALink_LinkRevokedAndTheConnectionMovedToTheApp()
    {
        // Arrange
        using var admin = await AdminAsync();
        var store = factory.Services.GetRequiredService<ZoomLinkTokenStore>();
        var sandbox = factory.Services.GetRequiredService<ZoomSandboxControl>();
        var linkId = ZoomLinkFlow.ConnectionIdFrom(await ZoomLinkFlow.LinkAsync(admin, account: SandboxState.Account2));
        var tokens = (await store.LoadAsync(linkId, default))!;
        var app = new ServerToServerCredentials
        {
            Name = "Downtown app", AccountId = SandboxState.Account2, ClientId = "sandbox-s2s-client-2", ClientSecret = "sandbox-s2s-secret-2",
        };

        // Act
        var verification = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().VerifyNewAsync(app));
        var replaced = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ReplaceCredentialsAsync(linkId, app));

        // Assert
        Assert.Equal(linkId, verification.AlreadyConnectedAs!.Id);
        Assert.Equal(ConnectionKind.OAuthLink, verification.AlreadyConnectedAs.Kind);
        Assert.Contains("link by olga.other@writing.example.edu", verification.AlreadyConnectedAs.WizardExplanation(app.ClientId));
        Assert.True(replaced.Succeeded, replaced.Message);
        await using var db = await DbAsync();
        var row = await db.ZoomConnections.AsNoTracking().SingleAsync(c => c.AccountId == SandboxState.Account2);
        Assert.Equal(linkId, row.Id);
        Assert.Equal(ConnectionKind.ServerToServer, row.Kind);
        Assert.Equal("sandbox-s2s-client-2", row.ClientId);
        Assert.Null(row.EncryptedAccessToken);
        Assert.Null(row.EncryptedRefreshToken);
        Assert.Null(row.LinkedByEmail);
        Assert.Contains(sandbox.Revocations, r => r.Token == tokens.AccessToken);
        var reverified = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ReverifyAsync(linkId));
        Assert.True(reverified.Succeeded, reverified.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Callback_LinkOfAnAccountConnectedByAnApp_RefusedNamingTheConnectionRevokedAndNothingStored(bool userLevel)
    {
        // Arrange
        await using (var db = await DbAsync())
        {
            Assert.NotNull(await AccountHolder.FindAsync(db, Account1, default));
        }
        using var admin = await AdminAsync();
        var sandbox = factory.Services.GetRequiredService<ZoomSandboxControl>();
        var revocationsBefore = sandbox.Revocations.Count;
        var before = await ConnectionsOfAsync(Account1);

        // Act
        var result = await ZoomLinkFlow.LinkAsync(admin, account: Account1, userLevel: userLevel);
        var page = await admin.SeenAsync(result.Location, "This Zoom account is already connected.");

        // Assert
        await using var check = await DbAsync();
        var holder = (await AccountHolder.FindAsync(check, Account1, default))!;
        Assert.Equal($"/connections/link-failed?reason=AccountAlreadyConnected&existing={holder.Id}", result.Location);
        Assert.Contains("This Zoom account is already connected.", page);
        Assert.Contains($"already connected as \"{holder.Name}\"", page);
        Assert.Contains("covers the whole account", page);
        Assert.Contains("list each of its users twice", page);
        Assert.Equal(before, await ConnectionsOfAsync(Account1));
        Assert.False(await check.ZoomConnections.AnyAsync(c => c.AccountId == Account1 && c.Kind == ConnectionKind.OAuthLink));
        Assert.Equal(revocationsBefore + 1, sandbox.Revocations.Count);
    }

    [Fact]
    public async Task Callback_UserLevelLinkOfAnAccountLinkedAccountWide_RefusedAndTheAccountWideLinkKept()
    {
        // Arrange
        using var admin = await AdminAsync();
        var first = await ZoomLinkFlow.LinkAsync(admin, account: SandboxState.Account3);
        var id = ZoomLinkFlow.ConnectionIdFrom(first);

        // Act
        var userLevel = await ZoomLinkFlow.LinkAsync(admin, account: SandboxState.Account3, userLevel: true);
        await using var db = await DbAsync();
        var kept = await db.ZoomConnections.AsNoTracking().SingleAsync(c => c.Id == id);
        var renewed = await ZoomLinkFlow.LinkAsync(admin, account: SandboxState.Account3);

        // Assert
        Assert.Equal($"/connections/link-failed?reason=AccountAlreadyConnected&existing={id}", userLevel.Location);
        Assert.True(AccountWideAccess.Covers(kept.Kind, kept.GrantedScopes));
        Assert.Equal(1, await ConnectionsOfAsync(SandboxState.Account3));
        Assert.Equal($"/connections/{id}?linked=updated", renewed.Location);
    }
}
