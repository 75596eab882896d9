using System.Net;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>With an AzureAd section, anonymous people are sent to the configured authority (a local fake, no network).</summary>
public sealed class AzureAdChallengeTests : IAsyncLifetime
{
    private const string Tenant = "4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    private const string ClientId = "client-123";
    private WebApplication? _authority;
    private string _authorityUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _authority = builder.Build();
        _authority.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpContext http) =>
        {
            var root = $"{http.Request.Scheme}://{http.Request.Host}/{tenant}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = $"{root}/v2.0",
                ["authorization_endpoint"] = $"{root}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{root}/oauth2/v2.0/token",
                ["end_session_endpoint"] = $"{root}/oauth2/v2.0/logout",
                ["jwks_uri"] = $"{root}/discovery/v2.0/keys",
                ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
                ["subject_types_supported"] = new[] { "pairwise" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        _authority.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(new { keys = Array.Empty<object>() }));
        await _authority.StartAsync();
        _authorityUrl = _authority.Urls.First().TrimEnd('/');
    }

    [Theory]
    [InlineData("/audit")]
    [InlineData("/account/signin?returnUrl=%2Faudit")]
    public async Task Get_AnonymousWithAzureAdConfigured_IsChallengedToTheAuthority(string path)
    {
        // Arrange
        await using var portal = new AzureAdPortal(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = null,
            ["AzureAd:Instance"] = _authorityUrl + "/",
            ["AzureAd:TenantId"] = Tenant,
            ["AzureAd:ClientId"] = ClientId,
        });
        using var client = portal.CreatePortalClient();

        // Act
        using var challenge = await client.GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!;
        Assert.Equal($"{_authorityUrl}/{Tenant}/oauth2/v2.0/authorize", location.GetLeftPart(UriPartial.Path));
        Assert.Contains($"client_id={ClientId}", location.Query);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(portal.BaseUrl + "/signin-oidc"), location.Query);
    }

    [Fact]
    public async Task DevelopmentSignIn_WithAzureAdConfigured_DoesNotExist()
    {
        // Arrange
        await using var portal = new AzureAdPortal(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:Instance"] = _authorityUrl + "/",
            ["AzureAd:TenantId"] = Tenant,
            ["AzureAd:ClientId"] = ClientId,
        });
        using var client = portal.CreatePortalClient();

        // Act
        using var response = await client.Http.PostAsync("account/dev-signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin" }));

        // Assert
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("Portal.Auth", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("organizations")]
    [InlineData("common")]
    public async Task Start_TenantIdNotADirectoryId_RefusesWithTheKey(string tenant)
    {
        // Arrange
        await using var portal = new AzureAdPortal(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:Instance"] = _authorityUrl + "/",
            ["AzureAd:TenantId"] = tenant,
            ["AzureAd:ClientId"] = ClientId,
        });

        // Act
        var error = Record.Exception(() => portal.BaseUrl);

        // Assert
        Assert.NotNull(error);
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains("AzureAd:TenantId must be the directory (tenant) id", messages);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    public async Task DisposeAsync()
    {
        if (_authority is not null)
        {
            await _authority.DisposeAsync();
        }
    }

    private sealed class AzureAdPortal(IDictionary<string, string?> settings) : PortalAppFactory(settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Only this works for an http authority (PostConfigure runs after the framework's own check, which already refused http): the AzureAd config key is not copied to the options.
            builder.ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme,
                o => o.RequireHttpsMetadata = false));
        }
    }
}
