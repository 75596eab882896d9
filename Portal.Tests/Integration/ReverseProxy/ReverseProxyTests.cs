using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Recordings;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.ReverseProxy;

/// <summary>The portal behind a real nginx on loopback: forwarded headers count from the known proxy only.</summary>
public sealed class ReverseProxyTests(ProxiedPortal fixture) : IClassFixture<ProxiedPortal>
{
    private readonly NginxProxy _proxy = fixture.Proxy;

    [Fact]
    public async Task Join_TwoClientsThroughTheKnownProxy_EachClientHasItsOwnLimit()
    {
        // Arrange: the first client also sends a made-up X-Forwarded-For each time, which nginx keeps in front of its own entry.
        using var first = new HttpClient(_proxy.CreateHandler("127.0.0.11")) { BaseAddress = new Uri(_proxy.KnownUrl) };
        using var second = new HttpClient(_proxy.CreateHandler("127.0.0.12")) { BaseAddress = new Uri(_proxy.KnownUrl) };
        var firstStatuses = new List<HttpStatusCode>();

        // Act
        for (var i = 0; i <= ProxiedPortal.JoinPermitLimit; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/join/guess-{i}");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i}");
            using var response = await first.SendAsync(request);
            firstStatuses.Add(response.StatusCode);
        }
        using var secondResponse = await second.GetAsync("/join/guess-second");

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, firstStatuses[^1]);
        Assert.All(firstStatuses[..^1], s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.NotFound, secondResponse.StatusCode);
    }

    [Fact]
    public async Task Join_TwoClientsThroughAnUnknownProxy_ForwardedAddressesAreIgnored()
    {
        // Arrange
        using var first = new HttpClient(_proxy.CreateHandler("127.0.0.13")) { BaseAddress = new Uri(_proxy.UnknownUrl) };
        using var second = new HttpClient(_proxy.CreateHandler("127.0.0.14")) { BaseAddress = new Uri(_proxy.UnknownUrl) };
        var firstStatuses = new List<HttpStatusCode>();

        // Act
        for (var i = 0; i < ProxiedPortal.JoinPermitLimit; i++)
        {
            using var response = await first.GetAsync($"/join/guess-{i}");
            firstStatuses.Add(response.StatusCode);
        }
        using var secondResponse = await second.GetAsync("/join/guess-second");

        // Assert: the portal saw the proxy's address for both clients.
        Assert.All(firstStatuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, secondResponse.StatusCode);
    }

    [Fact]
    public async Task SharedRecording_OpenedThroughTheKnownProxy_AuditRecordsTheClientAddress()
    {
        // Arrange
        var portal = fixture.Portal;
        var seeded = await RecordingsSandboxSeed.EnsureAsync(portal);
        CreatedShare share;
        await using (var scope = RecordingsSandboxSeed.ScopeAs(portal, "teacher"))
        {
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            RecordingItem? recording = null;
            await foreach (var month in scope.ServiceProvider.GetRequiredService<IRecordingService>().ListByMonthAsync(seeded.TerryId, today.AddDays(-90), today))
            {
                recording ??= month.Recordings.FirstOrDefault();
            }
            share = (await scope.ServiceProvider.GetRequiredService<IRecordingShareService>().CreateAsync(seeded.ConnectionId, recording!.MeetingUuid, 7)).Value!;
        }
        using var client = new PortalHttpClient(_proxy.KnownUrl, _proxy.CreateHandler("127.0.0.19"));

        // Act
        using var page = await client.GetAsync(share.Path);

        // Assert
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var viewed = await db.Set<AuditEntry>().SingleAsync(e => e.Action == "recordings.share.viewed" && e.TargetId == share.ShareId.ToString());
        Assert.Contains(new AuditChange("Client", null, "127.0.0.19"), viewed.Changes);
    }

    [Fact]
    public async Task SignIn_ThroughTheKnownHttpsProxy_CookiesAreSecure()
    {
        // Arrange
        using var handler = _proxy.CreateHandler("127.0.0.15");
        using var client = new PortalHttpClient(_proxy.KnownUrl, handler);

        // Act
        await client.SignInAsync("admin");

        // Assert
        var cookies = handler.CookieContainer.GetAllCookies();
        Assert.Contains(cookies, c => c.Name == "Portal.Auth");
        Assert.Contains(cookies, c => c.Name.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.True(c.Secure, $"{c.Name} is not Secure"));
    }

    [Fact]
    public async Task SignIn_ThroughAnUnknownHttpsProxy_ForwardedSchemeIsIgnored()
    {
        // Arrange
        using var handler = _proxy.CreateHandler("127.0.0.16");
        using var client = new PortalHttpClient(_proxy.UnknownUrl, handler);

        // Act
        await client.SignInAsync("admin");

        // Assert: the portal saw plain http from the proxy, so the cookie is not marked Secure.
        var auth = Assert.Single(handler.CookieContainer.GetAllCookies(), c => c.Name == "Portal.Auth");
        Assert.False(auth.Secure);
    }

    [Fact]
    public async Task BlazorHub_ThroughTheKnownProxy_WebSocketUpgradeReachesTheHub()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var handler = _proxy.CreateHandler("127.0.0.17");
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(_proxy.KnownUrl) };
        using var negotiate = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", content: null, timeout.Token);
        negotiate.EnsureSuccessStatusCode();
        using var negotiation = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync(timeout.Token));
        var token = negotiation.RootElement.GetProperty("connectionToken").GetString();
        var hub = new UriBuilder(_proxy.KnownUrl) { Scheme = "wss", Path = "/_blazor", Query = $"id={token}" }.Uri;
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };

        // Act: the upgrade, then SignalR's handshake over the upgraded connection.
        await socket.ConnectAsync(hub, new HttpMessageInvoker(handler, disposeHandler: false), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        // Assert
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task SignIn_EntraIdThroughTheKnownHttpsProxy_RedirectUriIsHttpsOnThePublicHost()
    {
        // Arrange
        await using var portal = new EntraIdPortal();
        await using var proxy = await NginxProxy.StartAsync(portal.BaseUrl);
        using var client = new HttpClient(proxy.CreateHandler("127.0.0.18")) { BaseAddress = new Uri(proxy.KnownUrl) };

        // Act
        using var challenge = await client.GetAsync("/account/signin?returnUrl=%2Faudit");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(EntraIdPortal.AuthorizeEndpoint, challenge.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(proxy.KnownUrl + "/signin-oidc"), challenge.Headers.Location.Query);
    }

    /// <summary>Entra ID sign-in with the authority's metadata given in place (the challenge needs no authority server).</summary>
    private sealed class EntraIdPortal() : PortalAppFactory(new Dictionary<string, string?>
    {
        ["Authentication:Mode"] = "AzureAd",
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "8f3e6a52-2b1c-4d7e-9a0f-5c6b7d8e9f01",
        ["AzureAd:ClientId"] = "11111111-1111-1111-1111-111111111111",
        ["ForwardedHeaders:KnownProxies:0"] = NginxProxy.KnownProxyAddress,
    })
    {
        public const string AuthorizeEndpoint = "https://login.example.test/8f3e6a52-2b1c-4d7e-9a0f-5c6b7d8e9f01/oauth2/v2.0/authorize";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme,
                o => o.Configuration = new OpenIdConnectConfiguration
                {
                    Issuer = "https://login.example.test/8f3e6a52-2b1c-4d7e-9a0f-5c6b7d8e9f01/v2.0",
                    AuthorizationEndpoint = AuthorizeEndpoint,
                }));
        }
    }
}
