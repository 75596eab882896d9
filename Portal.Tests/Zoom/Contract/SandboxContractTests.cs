using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Tests.TestDoubles;
using Portal.Tests.Zoom.Sandbox;

namespace Portal.Tests.Zoom.Contract;

/// <summary>The sandbox's answers to the calls the portal makes, checked both ways against Zoom's OpenAPI specs.</summary>
public sealed class SandboxContractTests : IClassFixture<SandboxHost>
{
    private const string Terry = "terry.teacher@writing.example.edu";
    private readonly SandboxHost _host;

    public SandboxContractTests(SandboxHost host)
    {
        _host = host;
        _host.Control.Reset();
    }

    private Task<(HttpClient Client, ZoomContractHandler Contract)> ClientAsync(string clientId = "sandbox-s2s-client", string secret = "sandbox-s2s-secret") =>
        ClientAsync(_host, clientId, secret);

    private static async Task<(HttpClient Client, ZoomContractHandler Contract)> ClientAsync(SandboxHost host,
        string clientId = "sandbox-s2s-client", string secret = "sandbox-s2s-secret")
    {
        var contract = new ZoomContractHandler { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false } };
        var client = new HttpClient(contract) { BaseAddress = new Uri(host.BaseUrl + "/") };
        using var token = await SandboxHost.PostTokenAsync(client, clientId, secret,
            new() { ["grant_type"] = "account_credentials", ["account_id"] = "sandbox-account-1" });
        var json = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.GetProperty("access_token").GetString());
        return (client, contract);
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public async Task Sandbox_RepresentativeCalls_MatchTheSpecs(DateTimeOffset now)
    {
        await using var host = await SandboxHost.StartAtAsync(AwkwardDates.ClockAt(now));
        var (client, contract) = await ClientAsync(host);
        using var _ = client;
        var today = host.Today;
        // The last whole calendar month: a window Zoom accepts on every day of the year.
        var lastMonthEnd = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
        var lastMonthStart = new DateOnly(lastMonthEnd.Year, lastMonthEnd.Month, 1);

        await client.GetAsync("v2/users?status=active&page_size=300");
        var page = JsonDocument.Parse(await client.GetStringAsync("v2/users?status=pending&page_size=30")).RootElement;
        await client.GetAsync($"v2/users?status=pending&page_size=30&next_page_token={page.GetProperty("next_page_token").GetString()}");
        await client.GetAsync("v2/users?status=inactive");
        await client.GetAsync($"v2/users/{Terry}");
        await client.GetAsync("v2/users/me");
        await client.GetAsync("v2/users/nina.notinzoom@writing.example.edu");
        await client.GetAsync("v2/users/summary");
        await client.PostAsJsonAsync("v2/users", new { action = "create", user_info = new { email = "new.one@writing.example.edu", type = 1, first_name = "New", last_name = "One" } });
        await client.PostAsJsonAsync("v2/users", new { action = "create", user_info = new { email = "new.one@writing.example.edu", type = 1 } });
        await client.PatchAsJsonAsync("v2/users/bea.basic@writing.example.edu", new { type = 2 });
        await client.GetAsync($"v2/users/{Terry}/settings");
        await client.PatchAsJsonAsync($"v2/users/{Terry}/settings", new { recording = new { cloud_recording = true }, in_meeting = new { waiting_room = true } });
        await client.GetAsync("v2/accounts/me/plans/usage");
        await client.GetAsync($"v2/report/cloud_recording?from={today.AddDays(-20):yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}");
        var recordings = JsonDocument.Parse(await client.GetStringAsync(
            $"v2/users/{Terry}/recordings?from={lastMonthStart:yyyy-MM-dd}&to={lastMonthEnd:yyyy-MM-dd}&page_size=300")).RootElement;
        await client.GetAsync($"v2/users/{Terry}/recordings?from={today.AddMonths(-3):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        var uuid = host.Control.RecordingUuids("sandbox-account-1", Terry).First(u => u.StartsWith('/'));
        var encoded = Uri.EscapeDataString(Uri.EscapeDataString(uuid));
        var meeting = JsonDocument.Parse(await client.GetStringAsync($"v2/meetings/{encoded}/recordings?include_fields=download_access_token&ttl=600")).RootElement;
        var file = meeting.GetProperty("recording_files")[0];
        await client.DeleteAsync($"v2/meetings/{encoded}/recordings/{file.GetProperty("id").GetString()}?action=trash");
        await client.DeleteAsync($"v2/meetings/{encoded}/recordings?action=trash");
        await client.GetAsync($"v2/users/{Terry}/recordings?trash=true&trash_type=meeting_recordings");
        await client.PutAsJsonAsync($"v2/meetings/{encoded}/recordings/status", new { action = "recover" });
        await client.GetAsync($"v2/meetings/{recordings.GetProperty("meetings")[0].GetProperty("id").GetInt64()}/recordings");
        await client.GetAsync("v2/meetings/1/recordings");
        await client.GetAsync(file.GetProperty("download_url").GetString());
        var created = await client.PostAsJsonAsync($"v2/users/{Terry}/meetings", new
        {
            topic = "Essay clinic", type = 2, start_time = $"{today.AddDays(30):yyyy-MM-dd}T10:00:00Z", duration = 60, timezone = "UTC", agenda = "Drafts",
            password = "abc123", settings = new { join_before_host = false, waiting_room = true, auto_recording = "cloud", meeting_authentication = false },
        });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        await client.GetAsync($"v2/meetings/{id}");
        await client.PatchAsJsonAsync($"v2/meetings/{id}", new { topic = "Essay clinic (moved)", start_time = $"{today.AddDays(31):yyyy-MM-dd}T10:00:00Z", duration = 45, schedule_for = "tess.tutor@writing.example.edu" });
        await client.GetAsync("v2/users/tess.tutor@writing.example.edu/meetings?type=upcoming&page_size=300");
        await client.GetAsync($"v2/past_meetings/{id}");
        await host.Control.HostStartsAsync(id);
        await client.GetAsync($"v2/meetings/{id}");
        await host.Control.ParticipantJoinsAsync(id, "Chris Client");
        await host.Control.EndMeetingAsync(id);
        var past = JsonDocument.Parse(await client.GetStringAsync($"v2/past_meetings/{id}")).RootElement;
        await client.GetAsync($"v2/past_meetings/{Uri.EscapeDataString(Uri.EscapeDataString(past.GetProperty("uuid").GetString()!))}");
        await client.GetAsync($"v2/past_meetings/{id}/participants?page_size=300");
        await client.GetAsync($"v2/past_meetings/{id}/instances");
        await client.DeleteAsync($"v2/meetings/{id}");
        await client.GetAsync($"v2/meetings/{id}");
        using var revoke = new HttpRequestMessage(HttpMethod.Post, "oauth/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = client.DefaultRequestHeaders.Authorization!.Parameter! }),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox-s2s-client:sandbox-s2s-secret"))) },
        };
        await client.SendAsync(revoke);

        Assert.True(contract.Problems.Count == 0, string.Join("\n", contract.Problems));
        Assert.True(contract.Operations.Distinct().Count() >= 20, string.Join(", ", contract.Operations.Distinct()));
    }

    [Fact]
    public async Task Sandbox_ErrorAnswers_AreZoomErrorBodies()
    {
        var (client, contract) = await ClientAsync("sandbox-noscope-client", "sandbox-noscope-secret");
        using var _ = client;
        _host.Control.SetPlanUsageRefused(true);
        _host.Control.SetRateLimits(null, 1, null);

        await client.PostAsJsonAsync($"v2/users/{Terry}/meetings", new { topic = "x", type = 2 });
        await client.GetAsync("v2/accounts/me/plans/usage");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAsync("v2/users?page_size=1")));
        await SandboxHost.PostTokenAsync(client, "sandbox-s2s-client", "wrong", new() { ["grant_type"] = "account_credentials", ["account_id"] = "sandbox-account-1" });

        Assert.True(contract.Problems.Count == 0, string.Join("\n", contract.Problems));
    }

    [Fact]
    public void Contract_UnknownPathParameterOrField_IsReported()
    {
        var contract = ZoomOpenApiContract.Instance;

        var unknownPath = contract.CheckRequest("GET", "https://api.zoom.us/v2/users/abc/nonsense");
        var unknownQuery = contract.CheckRequest("GET", "/v2/users?status=active&colour=blue");
        var unknownField = contract.CheckRequest("POST", "/v2/users/me/meetings", """{"topic":"x","settings":{"waiting_room":true,"wating_room":false}}""");
        var known = contract.CheckRequest("PATCH", "/v2/meetings/123", """{"topic":"x","schedule_for":"a@b.c","settings":{"waiting_room":true}}""");
        var literal = contract.CheckRequest("GET", "/v2/users/summary");

        Assert.Contains("no spec operation", Assert.Single(unknownPath.Problems));
        Assert.Contains(unknownQuery.Problems, p => p.Contains("'colour'", StringComparison.Ordinal));
        Assert.Contains(unknownField.Problems, p => p.Contains("'settings.wating_room'", StringComparison.Ordinal));
        Assert.True(known.IsValid, known.ToString());
        Assert.Equal("GET /users/summary", literal.Operation);
    }

    [Fact]
    public void Contract_ResponseSchema_HonoursNullableAndRejectsWrongTypes()
    {
        var contract = ZoomOpenApiContract.Instance;

        var wrongType = contract.CheckResponse("GET", "/v2/users", 200, """{"page_size":"thirty","users":[{"email":"a@b.c","type":1}]}""");
        var undocumentedField = contract.CheckResponse("GET", "/v2/users", 200, """{"page_size":30,"users":[{"email":"a@b.c","type":1,"favourite_colour":"blue"}]}""");
        var wrongEnum = contract.CheckResponse("GET", "/v2/meetings/1/recordings", 200, """{"uuid":"x","id":1,"recording_files":[{"file_type":"MOV"}]}""");
        var errorBody = contract.CheckResponse("GET", "/v2/users/x", 404, """{"code":1001,"message":"User does not exist: x."}""");
        var badError = contract.CheckResponse("GET", "/v2/users/x", 404, """{"error":"nope"}""");

        Assert.False(wrongType.IsValid);
        Assert.Contains(undocumentedField.Problems, p => p.Contains("favourite_colour", StringComparison.Ordinal));
        Assert.False(wrongEnum.IsValid);
        Assert.True(errorBody.IsValid, errorBody.ToString());
        Assert.False(badError.IsValid);
    }

    [Fact]
    public void Contract_NullableProperty_AcceptsNullOnlyWhereDeclared()
    {
        // Zoom's current files declare no nullable fields, so a minimal OpenAPI 3.0 spec proves the handling.
        var folder = Directory.CreateTempSubdirectory("zoom-spec-");
        File.WriteAllText(Path.Combine(folder.FullName, "ZoomMeetingAPISpec.json"), """
            {"openapi":"3.0.0","paths":{"/things/{id}":{"get":{"responses":{"200":{"content":{"application/json":{"schema":
              {"$ref":"#/components/schemas/Thing"}}}}}}}},
             "components":{"schemas":{"Thing":{"type":"object","properties":{
               "note":{"type":"string","nullable":true,"format":"not-a-real-format"},
               "count":{"type":"integer"}}}}}}
            """);
        var contract = new ZoomOpenApiContract(folder.FullName);

        var nullNote = contract.CheckResponse("GET", "/v2/things/1", 200, """{"note":null,"count":1}""");
        var nullCount = contract.CheckResponse("GET", "/v2/things/1", 200, """{"note":"x","count":null}""");
        folder.Delete(recursive: true);

        Assert.True(nullNote.IsValid, nullNote.ToString());
        Assert.False(nullCount.IsValid);
    }

    [Fact]
    public void Contract_AllowList_CoversPlanUsageOAuthAndDownloads()
    {
        var contract = ZoomOpenApiContract.Instance;

        var usage = contract.CheckResponse("GET", "/v2/accounts/me/plans/usage", 200,
            """{"plan_base":{"type":"monthly","hosts":10,"usage":8,"pending":0},"plan_recording":{"plan_storage":"1 TB","plan_storage_usage":"312.5 GB"}}""");
        var badUsage = contract.CheckResponse("GET", "/v2/accounts/me/plans/usage", 200, """{"plan_base":{"hosts":"ten"}}""");
        var token = contract.CheckRequest("POST", "https://zoom.us/oauth/token?grant_type=account_credentials&account_id=x");
        var oauthError = contract.CheckResponse("POST", "https://zoom.us/oauth/token", 400, """{"reason":"Invalid Token!","error":"invalid_grant"}""");
        var download = contract.CheckResponse("GET", "https://zoom.us/rec/download/abc", 302, null);

        Assert.True(usage.IsValid, usage.ToString());
        Assert.False(badUsage.IsValid);
        Assert.True(token.IsValid, token.ToString());
        Assert.True(oauthError.IsValid, oauthError.ToString());
        Assert.True(download.IsValid, download.ToString());
    }
}
