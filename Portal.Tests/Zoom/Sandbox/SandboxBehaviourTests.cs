using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Zoom.Sandbox;

public sealed class SandboxBehaviourTests : IClassFixture<SandboxHost>
{
    private const string Terry = "terry.teacher@writing.example.edu";
    private readonly SandboxHost _host;

    public SandboxBehaviourTests(SandboxHost host)
    {
        _host = host;
        _host.Control.Reset();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task AssertZoomErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var json = await JsonAsync(response);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, json.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Api_WithoutToken_Answers401Code124()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("v2/users");

        await AssertZoomErrorAsync(response, HttpStatusCode.Unauthorized, 124);
    }

    [Fact]
    public async Task Api_AfterExpireAllTokens_AnswersAccessTokenIsExpired()
    {
        using var client = await _host.CreateApiClientAsync();
        _host.Control.ExpireAllTokens();

        using var response = await client.GetAsync("users/me");

        var json = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Access token is expired.", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ListUsers_AllPages_CoverEveryUserOnceAndClampPageSize()
    {
        using var client = await _host.CreateApiClientAsync();
        var emails = new List<string>();
        string? token = null;
        var calls = 0;

        do
        {
            using var response = await client.GetAsync($"users?status=active&page_size=5000&next_page_token={token}");
            var json = await JsonAsync(response);
            Assert.Equal(300, json.GetProperty("page_size").GetInt32());
            emails.AddRange(json.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()!));
            token = json.GetProperty("next_page_token").GetString();
            calls++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(_host.Control.UserCount("sandbox-account-1", "active"), emails.Count);
        Assert.Equal(emails.Count, emails.Distinct().Count());
        Assert.Contains("Casey.Case@writing.example.edu", emails);
        Assert.Equal(calls, _host.Control.RequestCount("GET", "/users"));
    }

    [Fact]
    public async Task ListUsers_Pending_IncludesPatWithoutId()
    {
        using var client = await _host.CreateApiClientAsync();

        var json = await JsonAsync(await client.GetAsync("users?status=pending&page_size=300"));

        var pat = json.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("email").GetString() == "pat.pending@writing.example.edu");
        Assert.False(pat.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task GetUser_ByEmailAnyCaseOrUnknown_FindsOrAnswers1001()
    {
        using var client = await _host.CreateApiClientAsync();

        var casey = await JsonAsync(await client.GetAsync("users/casey.case@writing.example.edu"));
        using var nina = await client.GetAsync("users/nina.notinzoom@writing.example.edu");

        Assert.Equal("Casey.Case@writing.example.edu", casey.GetProperty("email").GetString());
        await AssertZoomErrorAsync(nina, HttpStatusCode.NotFound, 1001);
    }

    [Fact]
    public async Task CreateMeeting_AppWithoutMeetingWriteScope_Answers4711()
    {
        using var client = await _host.CreateApiClientAsync("sandbox-noscope-client", "sandbox-noscope-secret");

        using var response = await client.PostAsJsonAsync($"users/{Terry}/meetings", new { topic = "x", type = 2 });

        await AssertZoomErrorAsync(response, HttpStatusCode.BadRequest, 4711);
        Assert.Contains("meeting:write:meeting:admin", (await JsonAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task UpdateUserType_NoLicencesLeft_Answers2034()
    {
        using var client = await _host.CreateApiClientAsync();
        _host.Control.SetPlanHosts("sandbox-account-1", 10, 0, 0);

        using var response = await client.PatchAsJsonAsync("users/bea.basic@writing.example.edu", new { type = 2 });

        await AssertZoomErrorAsync(response, HttpStatusCode.BadRequest, 2034);
    }

    [Fact]
    public async Task UpdateUserType_LicenceFree_Answers204AndChangesType()
    {
        using var client = await _host.CreateApiClientAsync();

        using var response = await client.PatchAsJsonAsync("users/bea.basic@writing.example.edu", new { type = 2 });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(2, _host.Control.FindUser("sandbox-account-1", "bea.basic@writing.example.edu")!.Value.Type);
    }

    [Fact]
    public async Task CreateUser_NewThenExisting_PendingThen1005()
    {
        using var client = await _host.CreateApiClientAsync();
        var body = new { action = "create", user_info = new { email = "new.tutor@writing.example.edu", type = 1, first_name = "New", last_name = "Tutor" } };

        using var created = await client.PostAsJsonAsync("users", body);
        using var again = await client.PostAsJsonAsync("users", body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("pending", _host.Control.FindUser("sandbox-account-1", "new.tutor@writing.example.edu")!.Value.Status);
        await AssertZoomErrorAsync(again, HttpStatusCode.Conflict, 1005);
    }

    [Fact]
    public async Task Settings_Patch_ChangesWhatGetReturns()
    {
        using var client = await _host.CreateApiClientAsync();

        using var patch = await client.PatchAsJsonAsync($"users/{Terry}/settings", new { in_meeting = new { waiting_room = true }, recording = new { cloud_recording = false } });
        var json = await JsonAsync(await client.GetAsync($"users/{Terry}/settings"));

        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.True(json.GetProperty("in_meeting").GetProperty("waiting_room").GetBoolean());
        Assert.False(json.GetProperty("recording").GetProperty("cloud_recording").GetBoolean());
    }

    [Fact]
    public async Task PlanUsage_RefusedByControl_Answers400Code200()
    {
        using var client = await _host.CreateApiClientAsync();
        var usage = await JsonAsync(await client.GetAsync("accounts/me/plans/usage"));
        _host.Control.SetPlanUsageRefused(true);

        using var refused = await client.GetAsync("accounts/me/plans/usage");

        Assert.Equal(150, usage.GetProperty("plan_base").GetProperty("hosts").GetInt32() + usage.GetProperty("plan_zoom_one")[0].GetProperty("hosts").GetInt32()
            + usage.GetProperty("plan_united").GetProperty("hosts").GetInt32());
        Assert.Equal("1 TB", usage.GetProperty("plan_recording").GetProperty("plan_storage").GetString());
        Assert.Matches(@"^\d+(\.\d+)? (GB|TB|MB)$", usage.GetProperty("plan_recording").GetProperty("plan_storage_usage").GetString());
        await AssertZoomErrorAsync(refused, HttpStatusCode.BadRequest, 200);
    }

    [Fact]
    public async Task ListRecordings_RangeOverOneMonth_Answers300()
    {
        using var client = await _host.CreateApiClientAsync();
        var today = _host.Today;

        using var response = await client.GetAsync($"users/{Terry}/recordings?from={today.AddDays(-70):yyyy-MM-dd}&to={today:yyyy-MM-dd}");

        await AssertZoomErrorAsync(response, HttpStatusCode.BadRequest, 300);
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public async Task Recordings_SixMonthsOfTerry_HaveFilesAndSlashUuidsWork(DateTimeOffset now)
    {
        // Arrange: a sandbox seeded on that day; its six months of recordings asked for in calendar months, as the portal does.
        await using var host = await SandboxHost.StartAtAsync(AwkwardDates.ClockAt(now));
        using var client = await host.CreateApiClientAsync();
        var meetings = new List<JsonElement>();
        foreach (var (from, to) in ZoomMonthWindows.Split(host.Today.AddDays(-183), host.Today))
        {
            using var window = await client.GetAsync($"users/{Terry}/recordings?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&page_size=300");
            Assert.True(window.IsSuccessStatusCode, $"{from}..{to}: {await window.Content.ReadAsStringAsync()}");
            meetings.AddRange((await JsonAsync(window)).GetProperty("meetings").EnumerateArray());
        }
        var slash = meetings.Select(m => m.GetProperty("uuid").GetString()!).First(u => u.StartsWith('/'));
        var encoded = Uri.EscapeDataString(Uri.EscapeDataString(slash));

        // Act
        using var one = await client.GetAsync($"meetings/{encoded}/recordings");

        // Assert
        Assert.Equal(host.Control.RecordingUuids("sandbox-account-1", Terry).Order(), meetings.Select(m => m.GetProperty("uuid").GetString()).Order());
        Assert.All(meetings, m => Assert.Contains(m.GetProperty("recording_files").EnumerateArray(), f => f.GetProperty("file_type").GetString() == "MP4"));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(slash, (await JsonAsync(one)).GetProperty("uuid").GetString());
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public async Task ListRecordings_AMonthBackFromADay_IsRefusedOnlyWhenLongerThanAMonth(DateTimeOffset now)
    {
        // Arrange: "a month back" by AddMonths lands on the 28th-30th after a month end, which is more than a month in Zoom's terms.
        await using var host = await SandboxHost.StartAtAsync(AwkwardDates.ClockAt(now));
        using var client = await host.CreateApiClientAsync();
        var to = host.Today;
        var from = to.AddMonths(-1);

        // Act
        using var response = await client.GetAsync($"users/{Terry}/recordings?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");

        // Assert
        Assert.Equal(ZoomMonthWindows.IsWithinOneMonth(from, to), response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task DeleteRecordings_TrashThenRecover_MovesBetweenListAndTrash()
    {
        using var client = await _host.CreateApiClientAsync();
        var uuid = _host.Control.RecordingUuids("sandbox-account-1", Terry).First(u => u.Contains("//", StringComparison.Ordinal));
        var encoded = Uri.EscapeDataString(Uri.EscapeDataString(uuid));

        using var trash = await client.DeleteAsync($"meetings/{encoded}/recordings?action=trash");
        using var gone = await client.GetAsync($"meetings/{encoded}/recordings");
        var inTrash = await JsonAsync(await client.GetAsync($"users/{Terry}/recordings?trash=true"));
        using var recover = await client.PutAsJsonAsync($"meetings/{encoded}/recordings/status", new { action = "recover" });
        using var back = await client.GetAsync($"meetings/{encoded}/recordings");

        Assert.Equal(HttpStatusCode.NoContent, trash.StatusCode);
        await AssertZoomErrorAsync(gone, HttpStatusCode.NotFound, 3301);
        Assert.Contains(inTrash.GetProperty("meetings").EnumerateArray(), m => m.GetProperty("uuid").GetString() == uuid);
        Assert.Equal(HttpStatusCode.NoContent, recover.StatusCode);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task Download_BearerThenStorage_RedirectsAndServesRanges()
    {
        using var client = await _host.CreateApiClientAsync();
        var uuid = _host.Control.RecordingUuids("sandbox-account-1", Terry)[0];
        var meeting = await JsonAsync(await client.GetAsync($"meetings/{Uri.EscapeDataString(Uri.EscapeDataString(uuid))}/recordings"));
        var mp4 = meeting.GetProperty("recording_files").EnumerateArray().First(f => f.GetProperty("file_type").GetString() == "MP4");
        var downloadUrl = mp4.GetProperty("download_url").GetString()!;

        using var anonymous = await _host.CreateClient().GetAsync(downloadUrl);
        using var redirect = await client.GetAsync(downloadUrl);
        var storage = redirect.Headers.Location!;
        using var plain = _host.CreateClient();
        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, storage);
        rangeRequest.Headers.Range = new RangeHeaderValue(0, 99);
        using var partial = await plain.SendAsync(rangeRequest);
        var first = await partial.Content.ReadAsByteArrayAsync();
        using var again = new HttpRequestMessage(HttpMethod.Get, storage);
        again.Headers.Range = new RangeHeaderValue(0, 99);
        var second = await (await plain.SendAsync(again)).Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("signature=", storage.Query);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("video/mp4", partial.Content.Headers.ContentType!.MediaType);
        Assert.Equal(mp4.GetProperty("file_size").GetInt64(), partial.Content.Headers.ContentRange!.Length);
        Assert.Equal(100, first.Length);
        Assert.Equal(first, second);
        Assert.Equal("ftyp"u8.ToArray(), first[4..8]);
    }

    [Fact]
    public async Task RateLimit_MediumExceeded_Answers429WithQpsHeaders()
    {
        using var client = await _host.CreateApiClientAsync();
        _host.Control.SetRateLimits(null, 2, null);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("users?page_size=1")));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 5, 6);
        Assert.Equal("QPS", limited[0].Headers.GetValues("X-RateLimit-Type").Single());
        Assert.Equal("Medium", limited[0].Headers.GetValues("X-RateLimit-Category").Single());
        Assert.Equal("1", limited[0].Headers.GetValues("Retry-After").Single());
        Assert.Contains("per-second", (await JsonAsync(limited[0])).GetProperty("message").GetString());
    }

    [Fact]
    public async Task DailyLimit_Injected_Answers429WithIsoRetryAfter()
    {
        using var client = await _host.CreateApiClientAsync();
        _host.Control.InjectDailyLimit(SandboxRateCategory.Light);

        using var response = await client.GetAsync("users/me");

        await AssertZoomErrorAsync(response, HttpStatusCode.TooManyRequests, 429);
        Assert.Equal("Daily-limit", response.Headers.GetValues("X-RateLimit-Type").Single());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T00:00:00Z$", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task CreateMeeting_OverPerHostDailyLimit_Answers429WithoutRateLimitType()
    {
        using var client = await _host.CreateApiClientAsync();
        _host.Control.MeetingWritesPerHostPerDay = 2;
        var body = new { topic = "Essay", type = 2, start_time = "2030-01-01T10:00:00Z", duration = 30 };

        using var first = await client.PostAsJsonAsync($"users/{Terry}/meetings", body);
        using var second = await client.PostAsJsonAsync($"users/{Terry}/meetings", body);
        using var third = await client.PostAsJsonAsync($"users/{Terry}/meetings", body);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        await AssertZoomErrorAsync(third, HttpStatusCode.TooManyRequests, 429);
        Assert.False(third.Headers.Contains("X-RateLimit-Type"));
        Assert.Contains("daily rate limit (2) of Meeting Create/Update", (await JsonAsync(third)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Meeting_GetTwiceUpdateHostDelete_FreshStartUrlAnd3001()
    {
        using var client = await _host.CreateApiClientAsync();
        var created = await JsonAsync(await client.PostAsJsonAsync($"users/{Terry}/meetings",
            new { topic = "Thesis", type = 2, start_time = "2030-01-01T10:00:00Z", duration = 45, timezone = "UTC" }));
        var id = created.GetProperty("id").GetInt64();

        var a = (await JsonAsync(await client.GetAsync($"meetings/{id}"))).GetProperty("start_url").GetString();
        var b = (await JsonAsync(await client.GetAsync($"meetings/{id}"))).GetProperty("start_url").GetString();
        using var patch = await client.PatchAsJsonAsync($"meetings/{id}", new { schedule_for = "tess.tutor@writing.example.edu" });
        var moved = await JsonAsync(await client.GetAsync($"meetings/{id}"));
        var upcoming = await JsonAsync(await client.GetAsync("users/tess.tutor@writing.example.edu/meetings?type=upcoming"));
        using var delete = await client.DeleteAsync($"meetings/{id}");
        using var missing = await client.GetAsync($"meetings/{id}");
        using var page = await _host.CreateClient().GetAsync(new Uri(a!).PathAndQuery.TrimStart('/'));

        Assert.NotEqual(a, b);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal("tess.tutor@writing.example.edu", moved.GetProperty("host_email").GetString());
        Assert.Equal(id, upcoming.GetProperty("meetings")[0].GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertZoomErrorAsync(missing, HttpStatusCode.NotFound, 3001);
        Assert.Contains($"Started meeting {id} as host", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServerErrors_Injected_AnswerThenRecover()
    {
        using var client = await _host.CreateApiClientAsync();
        _host.Control.InjectServerErrors("/users/me", 2, 503);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.GetAsync("users/me")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Token_WrongSecretOrAccount_AnswersOAuthErrors()
    {
        using var client = _host.CreateClient();

        using var wrongSecret = await SandboxHost.PostTokenAsync(client, "sandbox-s2s-client", "nope",
            new() { ["grant_type"] = "account_credentials", ["account_id"] = "sandbox-account-1" });
        using var wrongAccount = await SandboxHost.PostTokenAsync(client, "sandbox-s2s-client", "sandbox-s2s-secret",
            new() { ["grant_type"] = "account_credentials", ["account_id"] = "no-such-account" });
        using var query = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "oauth/token?grant_type=account_credentials&account_id=sandbox-account-1")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("sandbox-s2s-client:sandbox-s2s-secret"u8.ToArray())) },
        });

        Assert.Equal(HttpStatusCode.BadRequest, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", (await JsonAsync(wrongSecret)).GetProperty("error").GetString());
        Assert.Equal("Invalid account_id", (await JsonAsync(wrongAccount)).GetProperty("reason").GetString());
        var token = await JsonAsync(query);
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(_host.BaseUrl, token.GetProperty("api_url").GetString());
        Assert.Equal(3, _host.Control.TokenRequests);
    }

    [Fact]
    public async Task AuthorizationCode_PkceExchangeAndRotation_SpentRefreshRefused()
    {
        using var client = _host.CreateClient();
        var verifier = "verifier-" + new string('v', 50);
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        const string redirectUri = "https://portal.example/zoom/callback";
        var page = await client.GetStringAsync($"oauth/authorize?response_type=code&client_id=sandbox-oauth-client&redirect_uri={Uri.EscapeDataString(redirectUri)}&state=s1&code_challenge={challenge}&code_challenge_method=S256");
        using var decision = await client.PostAsync("oauth/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "sandbox-oauth-client", ["redirect_uri"] = redirectUri, ["state"] = "s1", ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256", ["account"] = "sandbox-account-2", ["decision"] = "approve",
        }));
        var location = decision.Headers.Location!;
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["code"].ToString();

        using var badVerifier = await SandboxHost.PostTokenAsync(client, "sandbox-oauth-client", "sandbox-oauth-secret",
            new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = "wrong" });
        var tokens = await JsonAsync(await SandboxHost.PostTokenAsync(client, "sandbox-oauth-client", "sandbox-oauth-secret",
            new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier }));
        var first = tokens.GetProperty("refresh_token").GetString()!;
        var rotated = await JsonAsync(await SandboxHost.PostTokenAsync(client, "sandbox-oauth-client", "sandbox-oauth-secret",
            new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first }));
        using var spent = await SandboxHost.PostTokenAsync(client, "sandbox-oauth-client", "sandbox-oauth-secret",
            new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first });
        using var api = _host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", rotated.GetProperty("access_token").GetString());
        var me = await JsonAsync(await api.GetAsync("v2/users/me"));

        Assert.Contains("id=\"approve\"", page);
        Assert.Equal("s1", Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["state"].ToString());
        Assert.Equal(HttpStatusCode.BadRequest, badVerifier.StatusCode);
        Assert.NotEqual(first, rotated.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, spent.StatusCode);
        var spentJson = await JsonAsync(spent);
        Assert.Equal("invalid_grant", spentJson.GetProperty("error").GetString());
        Assert.Equal("Invalid Token!", spentJson.GetProperty("reason").GetString());
        Assert.Equal("olga.other@writing.example.edu", me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Authorize_Deny_RedirectsWithAccessDenied()
    {
        using var client = _host.CreateClient();

        using var decision = await client.PostAsync("oauth/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "sandbox-oauth-client", ["redirect_uri"] = "https://portal.example/cb", ["state"] = "s2", ["decision"] = "deny",
        }));

        Assert.Equal("https://portal.example/cb?error=access_denied&state=s2", decision.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Revoke_TokenInFormOrQuery_RecordedAndTokenRefused(bool inQuery)
    {
        using var client = _host.CreateClient();
        var token = await _host.GetTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, inQuery ? "oauth/revoke?token=" + Uri.EscapeDataString(token) : "oauth/revoke")
        {
            Content = inQuery ? null : new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("sandbox-s2s-client:sandbox-s2s-secret"u8.ToArray())) },
        };

        using var revoke = await client.SendAsync(request);
        using var api = await _host.CreateApiClientAsync();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await api.GetAsync("users/me");

        Assert.Equal("success", (await JsonAsync(revoke)).GetProperty("status").GetString());
        Assert.Equal(token, Assert.Single(_host.Control.Revocations).Token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task SeedUsers_100000_AreListedByStatus()
    {
        // Arrange: how fast seeding is is measured by the benchmark suite ("users"), not here.
        var before = new[] { "active", "inactive", "pending" }.Sum(s => _host.Control.UserCount("sandbox-account-1", s));

        // Act
        _host.Control.SeedUsers("sandbox-account-1", 100_000);
        using var client = await _host.CreateApiClientAsync();
        var json = await JsonAsync(await client.GetAsync("users?status=pending&page_size=300"));

        // Assert
        var after = new[] { "active", "inactive", "pending" }.Sum(s => _host.Control.UserCount("sandbox-account-1", s));
        Assert.Equal(100_000, after - before);
        Assert.True(json.GetProperty("total_records").GetInt32() >= 10_000);
        Assert.Equal(300, json.GetProperty("users").GetArrayLength());
    }

    [Fact]
    public async Task Webhook_Send_SignsBodyWithTimestamp()
    {
        var result = await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
            _host.Control.SendWebhookAsync("http://127.0.0.1:1/none", "secret", "app_deauthorized", "{}"));
        var signature = ZoomSandboxControl.Sign("sandbox-webhook-secret", "1700000000", "{\"event\":\"x\"}");

        Assert.NotNull(result);
        Assert.Equal("v0=" + Convert.ToHexStringLower(HMACSHA256.HashData("sandbox-webhook-secret"u8.ToArray(), "v0:1700000000:{\"event\":\"x\"}"u8.ToArray())), signature);
    }
}
