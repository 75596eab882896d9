using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;
using Portal.Core.Security;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Integration.Connections;

public sealed class ConnectionsSandboxTests(ConnectionsAppFactory factory) : IClassFixture<ConnectionsAppFactory>
{
    private const string Account1 = "sandbox-account-1";

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        _ = factory.BaseUrl;
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private Task<VerificationResult> VerifyAsync(string account, string client, string secret) =>
        InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().VerifyNewAsync(
            new ServerToServerCredentials { Name = "Test", AccountId = account, ClientId = client, ClientSecret = secret }));

    private async Task<PortalHttpClient> AdminAsync()
    {
        var admin = factory.CreatePortalClient();
        await admin.SignInAsync("admin");
        return admin;
    }

    private async Task<ZoomConnection?> FindAsync(Func<ZoomConnection, bool> predicate)
    {
        var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await using (db)
        {
            return (await db.ZoomConnections.AsNoTracking().ToListAsync()).FirstOrDefault(predicate);
        }
    }

    [Fact]
    public async Task VerifyNew_GoodCredentials_PassesWithUsersLicencesAndAllScopes()
    {
        // Act
        var result = await VerifyAsync(Account1, "sandbox-s2s-client", "sandbox-s2s-secret");

        // Assert
        Assert.True(result.Passed);
        Assert.Empty(result.MissingOptional);
        Assert.True(result.UserCount > 250);
        Assert.NotNull(result.LicencesPurchased);
        Assert.Matches(@"^[0-9.]+ [KMGT]?B of cloud recording storage used \(plan storage [0-9.]+ [KMGT]?B of 1 TB, free storage [0-9.]+ [KMGT]?B of [0-9.]+ [KMGT]?B\)$",
            result.StorageSummary);
    }

    [Fact]
    public async Task VerifyNew_WrongSecret_ExplainsInvalidClientWithZoomsReason()
    {
        // Act
        var result = await VerifyAsync(Account1, "sandbox-s2s-client", "not-the-secret");

        // Assert
        Assert.False(result.TokenIssued);
        Assert.Equal("invalid_client", result.ZoomError);
        Assert.Equal("Invalid client_id or client_secret", result.ZoomReason);
        Assert.Contains("Client ID or Client Secret is wrong", result.Advice);
    }

    [Fact]
    public async Task VerifyNew_UnknownAccount_PointsAtTheAccountId()
    {
        // Act
        var result = await VerifyAsync("no-such-account", "sandbox-s2s-client", "sandbox-s2s-secret");

        // Assert
        Assert.False(result.TokenIssued);
        Assert.Equal("invalid_request", result.ZoomError);
        Assert.Contains("Account ID", result.Advice);
    }

    [Fact]
    public async Task VerifyNew_RequiredScopesOnly_PassesAndNamesEachMissingOptionalScope()
    {
        // Act
        var result = await VerifyAsync(Account1, "sandbox-limited-client", "sandbox-limited-secret");

        // Assert
        Assert.True(result.Passed);
        var missing = result.MissingOptional.SelectMany(s => s.MissingGranular).ToList();
        Assert.Contains("user:write:user:admin", missing);
        Assert.Contains("billing:read:plan_usage:admin", missing);
        Assert.Contains(result.MissingOptional, s => s.Need.Feature.StartsWith("Recordings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateServerToServer_MissingRequiredScope_RefusedAndNothingSaved()
    {
        // Arrange
        var verification = await VerifyAsync(Account1, "sandbox-noscope-client", "sandbox-noscope-secret");

        // Act
        var created = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().CreateServerToServerAsync(
            new ServerToServerCredentials { Name = "No scope", AccountId = Account1, ClientId = "sandbox-noscope-client", ClientSecret = "sandbox-noscope-secret" }));

        // Assert
        Assert.False(verification.Passed);
        Assert.Contains("meeting:write:meeting:admin", verification.MissingRequired.Single().MissingGranular);
        Assert.False(created.Succeeded);
        Assert.Null(await FindAsync(c => c.ClientId == "sandbox-noscope-client"));
    }

    [Fact]
    public async Task CreateRotateDelete_SecondAccount_SecretEncryptedRotationVerifiedFirstAndDataRemoved()
    {
        // Arrange
        var credentials = new ServerToServerCredentials
        {
            Name = "Second center", AccountId = " \"sandbox-account-2\" ", ClientId = "sandbox-s2s-client-2", ClientSecret = "sandbox-s2s-secret-2",
        };

        // Act
        var created = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().CreateServerToServerAsync(credentials));
        var id = created.ConnectionId!.Value;
        var stored = await FindAsync(c => c.Id == id);
        var wrongRotation = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().RotateSecretAsync(id, "wrong-secret"));
        var afterWrong = await FindAsync(c => c.Id == id);
        var goodRotation = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().RotateSecretAsync(id, "sandbox-s2s-secret-2"));
        var reverified = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ReverifyAsync(id));
        var deleted = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().DeleteAsync(id));

        // Assert
        Assert.True(created.Succeeded, created.Message);
        Assert.Equal("sandbox-account-2", stored!.AccountId);
        Assert.DoesNotContain("sandbox-s2s-secret-2", stored.EncryptedClientSecret);
        Assert.False(wrongRotation.Succeeded);
        Assert.Equal(stored.EncryptedClientSecret, afterWrong!.EncryptedClientSecret);
        Assert.True(goodRotation.Succeeded, goodRotation.Message);
        Assert.True(reverified.Succeeded, reverified.Message);
        Assert.True(deleted.Succeeded);
        Assert.Null(await FindAsync(c => c.Id == id));
    }

    [Fact]
    public async Task Reverify_ZoomRefusesThenAcceptsThenRefuses_AdministratorsHearEachTimeItStartsFailing()
    {
        // Arrange
        var admin = $"admin-{Guid.NewGuid():N}@writing.example.edu";
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.NotificationRecipients.Add(new NotificationRecipient { Email = admin, Roles = Roles.Admin, LastSignInAt = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow() });
            await db.SaveChangesAsync();
        }
        // Stored directly: other tests of this class link the same sandbox account, which the wizard would refuse twice.
        var protector = factory.Services.GetRequiredService<ISecretProtector>();
        var row = new ZoomConnection
        {
            Name = "Failing center", Slug = $"failing-{Guid.NewGuid():N}", Kind = ConnectionKind.ServerToServer, AccountId = "sandbox-account-2",
            ClientId = "sandbox-s2s-client-2", EncryptedClientSecret = protector.Protect("sandbox-s2s-secret-2"),
        };
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.ZoomConnections.Add(row);
            await db.SaveChangesAsync();
        }
        var id = row.Id;
        async Task<ConnectionResult> ReverifyWithSecretAsync(string secret)
        {
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                await db.ZoomConnections.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.EncryptedClientSecret, protector.Protect(secret)));
            }
            return await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ReverifyAsync(id));
        }

        // Act
        var refused = await ReverifyWithSecretAsync("regenerated-in-zoom");
        var refusedAgain = await ReverifyWithSecretAsync("regenerated-in-zoom");
        var accepted = await ReverifyWithSecretAsync("sandbox-s2s-secret-2");
        var refusedLater = await ReverifyWithSecretAsync("regenerated-in-zoom");
        List<OutboxMessage> messages;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            messages = await db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == admin).OrderBy(m => m.Id).ToListAsync();
        }
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.ZoomConnections.Where(c => c.Id == id).ExecuteDeleteAsync();
        }

        // Assert
        Assert.False(refused.Succeeded);
        Assert.False(refusedAgain.Succeeded);
        Assert.True(accepted.Succeeded, accepted.Message);
        Assert.False(refusedLater.Succeeded);
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal(NotificationKind.ConnectionProblem, m.Kind);
            Assert.Equal("Zoom connection failing: Failing center", m.Subject);
            Assert.Contains($"/connections/{id}", m.TextBody);
            Assert.DoesNotContain("regenerated-in-zoom", m.TextBody + m.HtmlBody);
            Assert.DoesNotContain("sandbox-s2s-secret-2", m.TextBody + m.HtmlBody);
        });
    }

    [Fact]
    public async Task ConfiguredConnection_AppearsManaged_DisabledWhenRemoved_BackWhenRestored()
    {
        // Arrange
        var configured = ConfiguredConnection.Read(factory.Services.GetRequiredService<IOptions<ZoomOptions>>().Value);
        var row = await FindAsync(c => c.AccountId == Account1 && c.ClientId == "sandbox-s2s-client");

        // Act
        var rename = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().RenameAsync(row!.Id, "Renamed"));
        var deleteWhileConfigured = await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().DeleteAsync(row!.Id));
        var removed = await InScopeAsync(sp => sp.GetRequiredService<IConfiguredConnectionSync>().SyncAsync([]));
        var whileRemoved = await FindAsync(c => c.Id == row!.Id);
        var restored = await InScopeAsync(sp => sp.GetRequiredService<IConfiguredConnectionSync>().SyncAsync(configured));
        var afterRestore = await FindAsync(c => c.Id == row!.Id);

        // Assert
        Assert.NotNull(row);
        Assert.True(row.ManagedByConfiguration);
        Assert.Equal("Demo writing center (sandbox)", row.Name);
        Assert.NotNull(row.EncryptedWebhookSecretToken);
        Assert.False(rename.Succeeded);
        Assert.False(deleteWhileConfigured.Succeeded);
        Assert.Equal(1, removed.Disabled);
        Assert.True(whileRemoved!.Disabled);
        Assert.Equal(ConfiguredConnectionSync.RemovedReason, whileRemoved.DisabledReason);
        Assert.Equal(row.EncryptedClientSecret, whileRemoved.EncryptedClientSecret);
        Assert.Equal(1, restored.Updated);
        Assert.False(afterRestore!.Disabled);
    }

    [Fact]
    public async Task ConfiguredConnection_TwoInstancesApplyTheSameConfigurationAtOnce_OneConnectionNoError()
    {
        // Arrange: a new entry, as when two instances start with the same Zoom:Connections on one database.
        var configured = ConfiguredConnection.Read(factory.Services.GetRequiredService<IOptions<ZoomOptions>>().Value)
            .Append(new ConfiguredConnection("Race center", "race-account", "race-client", "race-secret", null)).ToList();

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            InScopeAsync(sp => sp.GetRequiredService<IConfiguredConnectionSync>().SyncAsync(configured)))));

        // Assert
        Assert.Equal(1, results.Sum(r => r.Added));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.ZoomConnections.CountAsync(c => c.AccountId == "race-account" && c.ClientId == "race-client"));
    }

    [Fact]
    public async Task LinkRefreshRelinkUnlink_Sandbox_RotatesRevokesAndLeavesNoSecretInHtmlLogsOrDatabase()
    {
        // Arrange
        var sandbox = factory.Services.GetRequiredService<ZoomSandboxControl>();
        var store = factory.Services.GetRequiredService<ZoomLinkTokenStore>();
        using var admin = await AdminAsync();
        var html = new List<string>();
        var secrets = new HashSet<string> { "sandbox-s2s-secret", "sandbox-oauth-secret", "sandbox-webhook-secret" };

        // Act: link
        var linked = await ZoomLinkFlow.LinkAsync(admin, account: "sandbox-account-2");
        var id = ZoomLinkFlow.ConnectionIdFrom(linked);
        var first = (await store.LoadAsync(id, default))!;
        html.Add(await admin.Http.GetStringAsync($"connections/{id}?linked=new"));

        // Act: refresh (rotation)
        var refreshed = await InScopeAsync(sp => sp.GetRequiredService<IZoomLinkService>().RefreshAsync(id));
        var second = (await store.LoadAsync(id, default))!;
        var oldRefreshStillWorks = await InScopeAsync(async sp =>
        {
            var zoom = sp.GetRequiredService<IZoomOAuth>();
            await store.SaveAsync(id, first, default);
            zoom.ForgetToken(new LinkedAccountTarget(id));
            var again = await sp.GetRequiredService<IZoomLinkService>().RefreshAsync(id);
            await store.SaveAsync(id, second, default);
            return again.Succeeded;
        });

        // Act: re-link the same account
        var relinked = await ZoomLinkFlow.LinkAsync(admin, account: "sandbox-account-2");
        var third = (await store.LoadAsync(id, default))!;
        html.Add(await admin.Http.GetStringAsync($"connections/{id}"));
        html.Add(await admin.Http.GetStringAsync("connections"));

        var linksToAccount2 = (await InScopeAsync(sp => sp.GetRequiredService<IConnectionService>().ListAsync()))
            .Count(c => c.Kind == ConnectionKind.OAuthLink && c.AccountId == "sandbox-account-2");

        // Act: unlink
        var unlinked = await InScopeAsync(sp => sp.GetRequiredService<IZoomLinkService>().UnlinkAsync(id));
        html.Add(await admin.Http.GetStringAsync("connections?unlinked=x&revoked=1"));

        // Assert
        Assert.Equal("/connections/" + id + "?linked=new", linked.Location);
        Assert.True(refreshed.Succeeded, refreshed.Message);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.False(oldRefreshStillWorks);
        Assert.Equal($"/connections/{id}?linked=updated", relinked.Location);
        Assert.Equal(1, linksToAccount2);
        Assert.True(unlinked.RevokedAtZoom, unlinked.RevokeProblem);
        Assert.Contains(sandbox.Revocations, r => r.Token == third.AccessToken && r.Known);
        Assert.Null(await FindAsync(c => c.Id == id));

        foreach (var t in new[] { first, second, third })
        {
            secrets.Add(t.AccessToken);
            secrets.Add(t.RefreshToken!);
        }
        // The sandbox stands in for Zoom inside this process: the lines in which ASP.NET logs the revoke arriving at it (with the
        // token in its query, as Zoom documents the call) are Zoom's log, not the portal's.
        var portalLogs = factory.Logs.Lines.Where(l => !(l.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal)
            && l.Contains(Portal.WebServiceExtensions.SandboxPrefix + "/oauth/revoke?", StringComparison.Ordinal))).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(html, h => h.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(portalLogs, l => l.Contains(secret, StringComparison.Ordinal));
        }
        var values = await AllDatabaseTextAsync();
        Assert.NotEmpty(values);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(values, v => v.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Callback_ForgedState_RejectedAndNothingStored()
    {
        // Arrange
        using var admin = await AdminAsync();
        var authorize = await ZoomLinkFlow.StartAsync(admin);
        var callback = await ZoomLinkFlow.AuthorizeAsync(admin, authorize);
        var forged = new Uri(callback.GetLeftPart(UriPartial.Path) + "?code=abc&state=forged-state-value");
        var before = await CountLinksAsync();

        // Act
        var result = await ZoomLinkFlow.CallbackAsync(admin, forged);

        // Assert
        Assert.Equal("/connections/link-failed?reason=UnknownState", result.Location);
        Assert.Equal(before, await CountLinksAsync());
        await admin.SeenAsync(result.Location, "did not belong to a link started here");
    }

    [Fact]
    public async Task Callback_Replayed_RejectedSecondTime()
    {
        // Arrange
        using var admin = await AdminAsync();
        var first = await ZoomLinkFlow.LinkAsync(admin, account: "sandbox-account-2");
        var before = await CountLinksAsync();

        // Act
        var replay = await ZoomLinkFlow.CallbackAsync(admin, first.CallbackUrl);

        // Assert
        Assert.Matches("^/connections/[0-9]+", first.Location);
        Assert.Equal("/connections/link-failed?reason=Replayed", replay.Location);
        Assert.Equal(before, await CountLinksAsync());
    }

    [Fact]
    public async Task Callback_ExpiredState_Rejected()
    {
        // Arrange
        using var admin = await AdminAsync();
        var authorize = await ZoomLinkFlow.StartAsync(admin);
        var callback = await ZoomLinkFlow.AuthorizeAsync(admin, authorize, account: "sandbox-account-2");
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var past = factory.Clock.GetUtcNow().AddMinutes(-1);
            await db.ZoomLinkAttempts.Where(a => a.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, past));
        }
        var before = await CountLinksAsync();

        // Act
        var result = await ZoomLinkFlow.CallbackAsync(admin, callback);

        // Assert
        Assert.Equal("/connections/link-failed?reason=Expired", result.Location);
        Assert.Equal(before, await CountLinksAsync());
    }

    [Fact]
    public async Task Callback_OtherBrowserOrDenied_Rejected()
    {
        // Arrange
        using var admin = await AdminAsync();
        using var otherBrowser = await AdminAsync();
        var authorize = await ZoomLinkFlow.StartAsync(admin);
        var callback = await ZoomLinkFlow.AuthorizeAsync(admin, authorize, account: "sandbox-account-2");
        var before = await CountLinksAsync();

        // Act
        var stolen = await ZoomLinkFlow.CallbackAsync(otherBrowser, callback);
        var denied = await ZoomLinkFlow.LinkAsync(admin, approve: false);

        // Assert
        Assert.Equal("/connections/link-failed?reason=WrongBrowser", stolen.Location);
        Assert.StartsWith("/connections/link-failed?reason=Denied", denied.Location);
        Assert.Equal(before, await CountLinksAsync());
    }

    [Theory]
    [InlineData("director")]
    [InlineData("teacher")]
    public async Task ConnectionsPagesAndEndpoints_NonAdmin_Get403(string user)
    {
        // Arrange
        using var client = factory.CreatePortalClient();
        await client.SignInAsync(user);

        // Act
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/connections", "/connections/new", "/connections/1", "/connections/link-failed", "/connections/oauth/callback?state=x&code=y" })
        {
            using var response = await client.GetAsync(path);
            statuses.Add(response.StatusCode);
        }
        var token = await client.GetAntiforgeryTokenAsync("account/sign-out");
        using var start = await client.Http.PostAsync("connections/oauth/start",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        statuses.Add(start.StatusCode);

        // Assert
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Forbidden, statuses.Count), statuses);
    }

    private async Task<int> CountLinksAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.ZoomConnections.CountAsync(c => c.Kind == ConnectionKind.OAuthLink);
    }

    private async Task<List<string>> AllDatabaseTextAsync()
    {
        var values = new List<string>();
        var tables = await factory.Database.TableNamesAsync();
        await using var db = factory.Database.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string s)
                    {
                        values.Add(s);
                    }
                }
            }
        }
        return values;
    }
}
