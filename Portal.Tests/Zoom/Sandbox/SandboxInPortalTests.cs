using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Zoom.Sandbox;

/// <summary>The sandbox as the portal maps it (under /_zoom-sandbox, behind the portal's middleware).</summary>
public sealed class SandboxInPortalTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Sandbox_UnderPortalPrefix_TokenApiAndAuthorizeWork()
    {
        // Arrange
        var control = factory.Services.GetRequiredService<ZoomSandboxControl>();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(factory.BaseUrl + "/_zoom-sandbox/") };
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "account_credentials", ["account_id"] = "sandbox-account-1" }),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox-s2s-client:sandbox-s2s-secret"))) },
        };

        // Act
        using var anonymous = await http.GetAsync("v2/users");
        var token = JsonDocument.Parse(await (await http.SendAsync(tokenRequest)).Content.ReadAsStringAsync()).RootElement;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        var me = JsonDocument.Parse(await http.GetStringAsync("v2/users/me")).RootElement;
        var recordings = await http.GetStringAsync($"v2/users/terry.teacher@writing.example.edu/recordings?from={factory.Clock.GetUtcNow().UtcDateTime.AddDays(-27):yyyy-MM-dd}&to={factory.Clock.GetUtcNow().UtcDateTime:yyyy-MM-dd}");
        var page = await http.GetStringAsync("oauth/authorize?response_type=code&client_id=sandbox-oauth-client&redirect_uri=https%3A%2F%2Fportal.example%2Fcb&state=abc");
        using var approve = await http.PostAsync("oauth/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "sandbox-oauth-client", ["redirect_uri"] = "https://portal.example/cb", ["state"] = "abc", ["account"] = "sandbox-account-1", ["decision"] = "approve",
        }));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(124, JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        Assert.Equal(factory.BaseUrl + "/_zoom-sandbox", token.GetProperty("api_url").GetString());
        Assert.Equal("ada.admin@writing.example.edu", me.GetProperty("email").GetString());
        Assert.Contains(factory.BaseUrl + "/_zoom-sandbox/rec/download/", recordings);
        Assert.Contains("id=\"account-2\"", page);
        Assert.StartsWith("https://portal.example/cb?code=", approve.Headers.Location!.ToString());
        Assert.True(control.RequestCount("GET", "/users/{userId}") >= 1);
    }
}
