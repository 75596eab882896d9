using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Portal.ZoomSandbox;

namespace Portal.Tests.Zoom.Sandbox;

/// <summary>
/// The Zoom sandbox alone on Kestrel (127.0.0.1, random port), mapped at the root. As a class fixture it runs on the
/// system clock; <see cref="StartAtAsync"/> starts one on a clock of the test's own.
/// </summary>
public sealed class SandboxHost : IAsyncLifetime, IAsyncDisposable
{
    private WebApplication? _app;

    public SandboxHost() : this(TimeProvider.System)
    {
    }

    private SandboxHost(TimeProvider clock) => Clock = clock;

    public TimeProvider Clock { get; }

    /// <summary>The sandbox's UTC date.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public string BaseUrl { get; private set; } = "";
    public ZoomSandboxControl Control => _app!.Services.GetRequiredService<ZoomSandboxControl>();

    /// <summary>A sandbox whose whole state (seeded recordings, tokens, limits) follows <paramref name="clock"/>.</summary>
    public static async Task<SandboxHost> StartAtAsync(TimeProvider clock)
    {
        var host = new SandboxHost(clock);
        await host.InitializeAsync();
        return host;
    }

    public async Task InitializeAsync()
    {
        (_app, var baseUrl) = await StandaloneSandbox.StartAsync(Clock);
        BaseUrl = baseUrl;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public HttpClient CreateClient(bool followRedirects = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = new Uri(BaseUrl + "/") };

    /// <summary>A client with an S2S token of the given app already set.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string clientId = "sandbox-s2s-client", string secret = "sandbox-s2s-secret",
        string accountId = "sandbox-account-1")
    {
        var token = await GetTokenAsync(clientId, secret, accountId);
        var client = CreateClient();
        client.BaseAddress = new Uri(BaseUrl + "/v2/");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> GetTokenAsync(string clientId = "sandbox-s2s-client", string secret = "sandbox-s2s-secret",
        string accountId = "sandbox-account-1")
    {
        using var client = CreateClient();
        using var response = await PostTokenAsync(client, clientId, secret,
            new Dictionary<string, string> { ["grant_type"] = "account_credentials", ["account_id"] = accountId });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }

    public static Task<HttpResponseMessage> PostTokenAsync(HttpClient client, string clientId, string secret, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return client.SendAsync(request);
    }
}
