using System.Net;
using System.Security.Cryptography;
using System.Text;
using Portal.Core.Zoom;
using Portal.ZoomSandbox;

namespace Portal.Tests.Zoom;

/// <summary>The Zoom client against the sandbox over real HTTP.</summary>
public class ZoomClientSandboxTests(ZoomSandboxHost sandbox) : IClassFixture<ZoomSandboxHost>, IAsyncLifetime
{
    private const string Terry = "terry.teacher@" + ZoomSandboxHost.Domain;

    public Task InitializeAsync()
    {
        sandbox.Control.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static int _seedCalls;

    /// <summary>
    /// Seeds users so that the account's version differs from any earlier test's: the sandbox caches user lists in a
    /// static dictionary keyed by account id and version, which survives Reset (reported to the sandbox's author).
    /// </summary>
    private void SeedUsers(int count)
    {
        var extraCalls = Interlocked.Increment(ref _seedCalls);
        sandbox.Control.SeedUsers(ZoomSandboxHost.Account1, count - extraCalls);
        for (var i = 0; i < extraCalls; i++)
        {
            sandbox.Control.SeedUsers(ZoomSandboxHost.Account1, 1);
        }
    }

    private static async Task<List<ZoomUser>> ListAllAsync(IZoomUsers client, ZoomTarget target, ZoomUserStatus status)
    {
        var users = new List<ZoomUser>();
        await foreach (var page in client.ListUsersAsync(target, status))
        {
            users.AddRange(page.Users);
        }
        return users;
    }

    [Fact]
    public async Task ListUsersAsync_ManyPages_FollowsNextPageTokenWithFullPages()
    {
        SeedUsers(3000);
        var expected = sandbox.Control.UserCount(ZoomSandboxHost.Account1, "active");
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();

        var users = await ListAllAsync(zoom.Users, target, ZoomUserStatus.Active);

        Assert.Equal(expected, users.Count);
        Assert.Equal(expected, users.Select(u => u.Email.ToLowerInvariant()).Distinct().Count());
        Assert.All(users, u => Assert.Equal(ZoomUserStatus.Active, u.Status));
        Assert.Equal((expected + 299) / 300, sandbox.Control.RequestCount("GET", "/users"));
        Assert.All(zoom.Requests.All.Where(r => r.Uri.AbsolutePath.EndsWith("/users", StringComparison.Ordinal)),
            r => Assert.Contains("page_size=300", r.Uri.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListUsersAsync_PendingUsers_MayHaveNoId()
    {
        await using var zoom = sandbox.CreateClient();

        var pending = await ListAllAsync(zoom.Users, ZoomSandboxHost.S2S(), ZoomUserStatus.Pending);

        var pat = Assert.Single(pending, u => u.Email == "pat.pending@" + ZoomSandboxHost.Domain);
        Assert.Equal(ZoomUserStatus.Pending, pat.Status);
    }

    [Fact]
    public async Task ListUsersAsync_PerSecond429s_AreAbsorbed()
    {
        SeedUsers(1200);
        sandbox.Control.SetRateLimits(null, 2, null);
        var expected = sandbox.Control.UserCount(ZoomSandboxHost.Account1, "active");
        // The client allows itself far more than the sandbox does, so the sandbox answers 429 (QPS, Retry-After: 1).
        await using var zoom = sandbox.CreateClient(new Dictionary<string, string?> { ["Zoom:RateLimits:Medium"] = "100" });
        var target = ZoomSandboxHost.S2S();

        var users = await ListAllAsync(zoom.Users, target, ZoomUserStatus.Active);

        Assert.Equal(expected, users.Count);
        var stats = zoom.CallStatistics.Get(target.Key);
        Assert.True(stats.TooManyRequests > 0, "the sandbox should have answered 429 at least once");
        Assert.Equal(0, stats.DailyLimitsHit);
        Assert.Equal(sandbox.Control.RequestCount("GET", "/users"), stats.Calls[ZoomRateCategory.Medium]);
    }

    [Fact]
    public async Task Pacing_ConfiguredRate_StaysUnderSandboxLimitWithout429s()
    {
        SeedUsers(2400);
        sandbox.Control.SetRateLimits(null, 10, null);
        await using var zoom = sandbox.CreateClient(new Dictionary<string, string?> { ["Zoom:RateLimits:Medium"] = "10" });
        var target = ZoomSandboxHost.S2S();

        var lists = await Task.WhenAll(ListAllAsync(zoom.Users, target, ZoomUserStatus.Active), ListAllAsync(zoom.Users, target, ZoomUserStatus.Inactive),
            ListAllAsync(zoom.Users, target, ZoomUserStatus.Pending));

        Assert.Equal(sandbox.Control.UserCount(ZoomSandboxHost.Account1), lists.Sum(l => l.Count));
        Assert.Equal(0, zoom.CallStatistics.Get(target.Key).TooManyRequests);
    }

    [Fact]
    public async Task DailyLimit_IsSurfacedWithResetTime_AndNotRetried()
    {
        sandbox.Control.InjectDailyLimit(SandboxRateCategory.Medium);
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();

        var ex = await Assert.ThrowsAsync<ZoomRateLimitException>(() => ListAllAsync(zoom.Users, target, ZoomUserStatus.Active));

        Assert.True(ex.Daily);
        Assert.Equal(ZoomRateCategory.Medium, ex.Category);
        var now = sandbox.Clock.GetUtcNow();
        Assert.Equal(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero), ex.ResetsAt);
        Assert.Equal(1, sandbox.Control.RequestCount("GET", "/users"));
        Assert.Equal(1, zoom.CallStatistics.Get(target.Key).DailyLimitsHit);
    }

    [Fact]
    public async Task TokenExpiry_InTheMiddleOfAJob_GetsOneNewTokenAndContinues()
    {
        SeedUsers(1500);
        var expected = sandbox.Control.UserCount(ZoomSandboxHost.Account1, "active");
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();

        var users = new List<ZoomUser>();
        var pages = 0;
        await foreach (var page in zoom.Users.ListUsersAsync(target, ZoomUserStatus.Active))
        {
            users.AddRange(page.Users);
            if (++pages == 2)
            {
                sandbox.Control.ExpireAllTokens();
            }
        }

        Assert.Equal(expected, users.Count);
        Assert.Equal(2, sandbox.Control.TokenRequests);
        Assert.Equal(2, zoom.CallStatistics.Get(target.Key).TokenRequests);
    }

    [Fact]
    public async Task ConcurrentCalls_Hundred_MakeExactlyOneTokenRequest()
    {
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();

        var users = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => zoom.Users.GetUserAsync(target, Terry)));

        Assert.All(users, u => Assert.Equal(Terry, u!.Email));
        Assert.Equal(1, sandbox.Control.TokenRequests);
        Assert.Equal(100, sandbox.Control.RequestCount("GET", "/users/{userId}"));
    }

    [Fact]
    public async Task Token_ApiUrlFromTokenResponse_IsWhereCallsGo()
    {
        // A wrong configured API base: the token's api_url (the sandbox) must win.
        await using var zoom = sandbox.CreateClient(new Dictionary<string, string?> { ["Zoom:ApiBaseUrl"] = "http://127.0.0.1:9/v2" });
        var target = ZoomSandboxHost.S2S();

        var info = await zoom.OAuth.GetTokenInfoAsync(target);
        var user = await zoom.Users.GetUserAsync(target, Terry);

        Assert.Equal(sandbox.BaseUrl, info.ApiUrl);
        Assert.Contains("user:read:user:admin", info.Scopes);
        Assert.NotNull(user);
    }

    [Fact]
    public async Task GetUserAsync_Unknown_ReturnsNull()
    {
        await using var zoom = sandbox.CreateClient();

        var user = await zoom.Users.GetUserAsync(ZoomSandboxHost.S2S(), "nina.notinzoom@" + ZoomSandboxHost.Domain);

        Assert.Null(user);
    }

    [Fact]
    public async Task Token_WrongSecret_ThrowsOAuthExceptionWithAdvice()
    {
        await using var zoom = sandbox.CreateClient();

        var ex = await Assert.ThrowsAsync<ZoomOAuthException>(() => zoom.Users.GetUserAsync(ZoomSandboxHost.S2S(secret: "wrong"), Terry));

        Assert.Equal("invalid_client", ex.Error);
        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        Assert.DoesNotContain("wrong", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Client Secret", ex.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_UnknownAccount_ThrowsOAuthInvalidRequest()
    {
        await using var zoom = sandbox.CreateClient();

        var ex = await Assert.ThrowsAsync<ZoomOAuthException>(() => zoom.OAuth.GetTokenInfoAsync(ZoomSandboxHost.S2S(account: "no-such-account")));

        Assert.Equal("invalid_request", ex.Error);
    }

    [Fact]
    public async Task CreateUserAsync_WithoutWriteScope_ThrowsScopeExceptionListingScopes()
    {
        await using var zoom = sandbox.CreateClient();
        var limited = ZoomSandboxHost.S2S("sandbox-limited-client", "sandbox-limited-secret");

        var ex = await Assert.ThrowsAsync<ZoomScopeException>(() =>
            zoom.Users.CreateUserAsync(limited, new ZoomNewUser("new.person@" + ZoomSandboxHost.Domain, ZoomUserType.Basic, "New", "Person")));

        Assert.Equal(ZoomErrorCodes.MissingScopes, ex.Code);
        Assert.NotEmpty(ex.MissingScopes);
        Assert.All(ex.MissingScopes, s => Assert.StartsWith("user:", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateUserAsync_ExistingEmail_ThrowsApiException1005()
    {
        await using var zoom = sandbox.CreateClient();

        var ex = await Assert.ThrowsAsync<ZoomApiException>(() =>
            zoom.Users.CreateUserAsync(ZoomSandboxHost.S2S(), new ZoomNewUser(Terry, ZoomUserType.Basic, "Terry", "Teacher")));

        Assert.Equal(ZoomErrorCodes.EmailAlreadyUsed, ex.Code);
        Assert.Equal(HttpStatusCode.Conflict, ex.Status);
    }

    [Fact]
    public async Task CreateUserAsync_NewEmail_CreatesPendingUser()
    {
        await using var zoom = sandbox.CreateClient();
        var email = "new.person@" + ZoomSandboxHost.Domain;

        var created = await zoom.Users.CreateUserAsync(ZoomSandboxHost.S2S(), new ZoomNewUser(email, ZoomUserType.Basic, "New", "Person"));

        Assert.Equal(email, created.Email);
        Assert.Equal("pending", sandbox.Control.FindUser(ZoomSandboxHost.Account1, email)?.Status);
    }

    [Fact]
    public async Task UpdateUserTypeAsync_NoLicencesLeft_ThrowsApiException2034()
    {
        sandbox.Control.SetPlanHosts(ZoomSandboxHost.Account1, 0, 0, 0);
        await using var zoom = sandbox.CreateClient();

        var ex = await Assert.ThrowsAsync<ZoomApiException>(() =>
            zoom.Users.UpdateUserTypeAsync(ZoomSandboxHost.S2S(), "bea.basic@" + ZoomSandboxHost.Domain, ZoomUserType.Licensed));

        Assert.Equal(ZoomErrorCodes.NoLicencesLeft, ex.Code);
    }

    [Fact]
    public async Task UpdateUserTypeAsync_Licensed_ChangesType()
    {
        await using var zoom = sandbox.CreateClient();
        var bea = "bea.basic@" + ZoomSandboxHost.Domain;

        await zoom.Users.UpdateUserTypeAsync(ZoomSandboxHost.S2S(), bea, ZoomUserType.Licensed);

        Assert.Equal(2, sandbox.Control.FindUser(ZoomSandboxHost.Account1, bea)?.Type);
    }

    [Fact]
    public async Task UserSettings_UpdateThenRead_RoundTrips()
    {
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();

        await zoom.Users.UpdateUserSettingsAsync(target, Terry, new ZoomUserSettingsUpdate(CloudRecordingAllowed: false, WaitingRoom: true));
        var settings = await zoom.Users.GetUserSettingsAsync(target, Terry);

        Assert.False(settings.CloudRecordingAllowed);
        Assert.True(settings.WaitingRoom);
    }

    [Fact]
    public async Task ServerErrors_OnGet_AreRetriedThenSucceed()
    {
        sandbox.Control.InjectServerErrors("/users/", 2, 503);
        await using var zoom = sandbox.CreateClient();

        var user = await zoom.Users.GetUserAsync(ZoomSandboxHost.S2S(), Terry);

        Assert.NotNull(user);
        Assert.Equal(3, sandbox.Control.RequestCount("GET", "/users/{userId}"));
    }

    [Fact]
    public async Task ServerErrors_Persisting_ThrowUnavailableAfterBoundedRetries()
    {
        sandbox.Control.InjectServerErrors("/users/", 100, 500);
        await using var zoom = sandbox.CreateClient();

        await Assert.ThrowsAsync<ZoomUnavailableException>(() => zoom.Users.GetUserAsync(ZoomSandboxHost.S2S(), Terry));

        Assert.Equal(4, sandbox.Control.RequestCount("GET", "/users/{userId}"));
    }

    [Fact]
    public async Task ServerError_OnPost_IsNotRetried()
    {
        sandbox.Control.InjectError("POST", "/users", 503, 503, "Service Unavailable");
        await using var zoom = sandbox.CreateClient();

        await Assert.ThrowsAsync<ZoomUnavailableException>(() =>
            zoom.Users.CreateUserAsync(ZoomSandboxHost.S2S(), new ZoomNewUser("post.fail@" + ZoomSandboxHost.Domain, ZoomUserType.Basic, null, null)));

        Assert.Equal(1, sandbox.Control.RequestCount("POST", "/users"));
    }

    [Fact]
    public async Task Timeout_OnPost_IsNotRetried_OnGetIsRetried()
    {
        // A timeout well above a loaded machine's token round trip, and a latency well above the timeout.
        sandbox.Control.SetLatency(TimeSpan.FromSeconds(6), "/users");
        await using var zoom = sandbox.CreateClient(new Dictionary<string, string?> { ["Zoom:RequestTimeout"] = "00:00:01.500", ["Zoom:MaxRetries"] = "1" });
        var target = ZoomSandboxHost.S2S();
        await zoom.OAuth.GetTokenInfoAsync(target);

        var post = await Assert.ThrowsAsync<ZoomUnavailableException>(() =>
            zoom.Users.CreateUserAsync(target, new ZoomNewUser("slow.post@" + ZoomSandboxHost.Domain, ZoomUserType.Basic, null, null)));
        var get = await Assert.ThrowsAsync<ZoomUnavailableException>(() => zoom.Users.GetUserAsync(target, Terry));

        Assert.Contains("look it up", post.Message, StringComparison.Ordinal);
        Assert.Equal(1, zoom.Requests.All.Count(r => r.Method == "POST" && r.Uri.AbsolutePath.EndsWith("/users", StringComparison.Ordinal)));
        Assert.Equal(2, zoom.Requests.All.Count(r => r.Method == "GET" && r.Uri.AbsolutePath.Contains("/users/", StringComparison.Ordinal)));
        Assert.NotNull(get.InnerException);
    }

    [Fact]
    public async Task GetAccountUsageAsync_PlanUsage_ParsesLicencesAndStorage()
    {
        await using var zoom = sandbox.CreateClient();

        var usage = await zoom.Account.GetAccountUsageAsync(ZoomSandboxHost.S2S());

        Assert.Null(usage.FallbackReason);
        Assert.NotEmpty(usage.Plans);
        Assert.Equal(usage.Plans.Sum(p => p.Purchased), usage.LicencesPurchased);
        Assert.NotNull(usage.Storage);
        Assert.True(usage.Storage!.Unlimited || usage.Storage.AllottedBytes > 0);
    }

    [Fact]
    public async Task GetAccountUsageAsync_PlanUsageRefused_FallsBackToUsersSummary()
    {
        sandbox.Control.SetPlanUsageRefused(true);
        await using var zoom = sandbox.CreateClient();

        var usage = await zoom.Account.GetAccountUsageAsync(ZoomSandboxHost.S2S());

        Assert.NotNull(usage.UsersSummary);
        Assert.Equal(usage.UsersSummary!.Licensed, usage.LicencesAssigned);
        Assert.Null(usage.LicencesPurchased);
        Assert.Null(usage.Storage);
        Assert.Contains("Cloud recording storage", usage.UnknownFigures);
        Assert.Contains("Licences purchased", usage.UnknownFigures);
        Assert.False(string.IsNullOrEmpty(usage.FallbackReason));
    }

    [Fact]
    public async Task LinkedAccount_RefreshRotation_SerialisedAndStoredAtomically()
    {
        var store = new InMemoryLinkTokenStore();
        await using var zoom = sandbox.CreateClient(linkStore: store);
        var tokens = await LinkThroughSandboxAsync(zoom.OAuth);
        await store.SaveAsync(7, tokens, CancellationToken.None);
        var target = new LinkedAccountTarget(7);

        var me = await zoom.Users.GetUserAsync(target, "me");
        // Parallel refreshes with the same link: each must use the newest refresh token (a spent one is refused).
        var refreshed = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => zoom.OAuth.RefreshLinkAsync(target)));

        Assert.NotNull(me);
        Assert.Equal(5, refreshed.Select(t => t.RefreshToken).Distinct().Count());
        Assert.DoesNotContain(tokens.RefreshToken, refreshed.Select(t => t.RefreshToken));
        Assert.Equal(6, store.Saves);
        Assert.Contains((await store.LoadAsync(7, CancellationToken.None))!.RefreshToken, refreshed.Select(t => t.RefreshToken));
    }

    [Fact]
    public async Task LinkedAccount_ExpiredAccessToken_RefreshesOnceAndRetries()
    {
        var store = new InMemoryLinkTokenStore();
        await using var zoom = sandbox.CreateClient(linkStore: store);
        var tokens = await LinkThroughSandboxAsync(zoom.OAuth);
        await store.SaveAsync(8, tokens, CancellationToken.None);
        var target = new LinkedAccountTarget(8);
        await zoom.Users.GetUserAsync(target, "me");
        var before = sandbox.Control.TokenRequests;

        sandbox.Control.ExpireAllTokens();
        var users = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => zoom.Users.GetUserAsync(target, "me")));

        Assert.All(users, Assert.NotNull);
        Assert.Equal(before + 1, sandbox.Control.TokenRequests);
        Assert.NotEqual(tokens.RefreshToken, (await store.LoadAsync(8, CancellationToken.None))!.RefreshToken);
    }

    [Fact]
    public async Task LinkedAccount_SpentRefreshToken_ThrowsInvalidGrant()
    {
        var store = new InMemoryLinkTokenStore();
        await using var zoom = sandbox.CreateClient(linkStore: store);
        var tokens = await LinkThroughSandboxAsync(zoom.OAuth);
        await store.SaveAsync(9, tokens, CancellationToken.None);
        await zoom.OAuth.RefreshLinkAsync(new LinkedAccountTarget(9));
        await store.SaveAsync(9, tokens, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ZoomOAuthException>(() => zoom.OAuth.RefreshLinkAsync(new LinkedAccountTarget(9)));

        Assert.Equal("invalid_grant", ex.Error);
    }

    [Fact]
    public async Task RevokeAsync_SendsTokenInQueryAndForm_SandboxRevokesIt()
    {
        await using var zoom = sandbox.CreateClient(linkStore: new InMemoryLinkTokenStore());
        var tokens = await LinkThroughSandboxAsync(zoom.OAuth);

        await zoom.OAuth.RevokeAsync(tokens.AccessToken);

        var revocation = Assert.Single(sandbox.Control.Revocations);
        Assert.True(revocation.Known);
        var revoke = Assert.Single(zoom.Requests.All, r => r.Uri.AbsolutePath.EndsWith("/oauth/revoke", StringComparison.Ordinal));
        Assert.Equal(tokens.AccessToken, System.Web.HttpUtility.ParseQueryString(revoke.Uri.Query)["token"]);
        Assert.Equal(tokens.AccessToken, System.Web.HttpUtility.ParseQueryString(revoke.Body ?? "")["token"]);
    }

    /// <summary>Runs the authorization-code flow with PKCE against the sandbox's authorize form and exchanges the code.</summary>
    private async Task<ZoomOAuthTokens> LinkThroughSandboxAsync(IZoomOAuth client)
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var authorize = client.BuildAuthorizeUrl("state-123", challenge);
        Assert.StartsWith(sandbox.BaseUrl + "/oauth/authorize?", authorize.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var page = await http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var decision = await http.PostAsync(sandbox.BaseUrl + "/oauth/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = query["client_id"]!,
            ["redirect_uri"] = query["redirect_uri"]!,
            ["state"] = query["state"]!,
            ["code_challenge"] = query["code_challenge"]!,
            ["code_challenge_method"] = query["code_challenge_method"]!,
            ["account"] = ZoomSandboxHost.Account1,
            ["decision"] = "approve",
        }));
        var location = decision.Headers.Location!;
        var back = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("state-123", back["state"]);
        return await client.ExchangeCodeAsync(back["code"]!, verifier);
    }
}

internal sealed class InMemoryLinkTokenStore : IZoomLinkTokenStore
{
    private readonly Dictionary<int, ZoomOAuthTokens> _tokens = [];
    private int _saves;

    public int Saves => Volatile.Read(ref _saves);

    public Task<ZoomOAuthTokens?> LoadAsync(int connectionId, CancellationToken ct)
    {
        lock (_tokens)
        {
            return Task.FromResult(_tokens.GetValueOrDefault(connectionId));
        }
    }

    public Task SaveAsync(int connectionId, ZoomOAuthTokens tokens, CancellationToken ct)
    {
        lock (_tokens)
        {
            _tokens[connectionId] = tokens;
        }
        Interlocked.Increment(ref _saves);
        return Task.CompletedTask;
    }
}
