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

/// <summary>
/// With Entra ID, the policy's form-action lets forms continue to the authority (sign-out redirects there; Chromium checks
/// form-action against redirects). The authority is a local stand-in answering discovery and an empty key set.
/// </summary>
public sealed class EntraIdFormActionTests : IAsyncLifetime
{
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

    [Fact]
    public async Task Policy_AzureAdMode_FormActionAllowsTheAuthorityTheChallengeGoesTo()
    {
        // Arrange
        await using var portal = new AzureAdPortal(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:Instance"] = _authorityUrl + "/",
            ["AzureAd:TenantId"] = "8f3e6a52-2b1c-4d7e-9a0f-5c6b7d8e9f01",
            ["AzureAd:ClientId"] = "client-123",
        });
        using var client = portal.CreatePortalClient();

        // Act
        using var challenge = await client.GetAsync("/account/signin?returnUrl=%2F");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorityOrigin = challenge.Headers.Location!.GetLeftPart(UriPartial.Authority);
        Assert.Equal(_authorityUrl, authorityOrigin);
        var policy = Assert.Single(challenge.Headers.GetValues("Content-Security-Policy"));
        var formAction = policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("form-action ", StringComparison.Ordinal));
        Assert.Contains($" {authorityOrigin}", formAction);
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
            // An http authority needs RequireHttpsMetadata off, and only this way reaches the options in time.
            builder.ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme,
                o => o.RequireHttpsMetadata = false));
        }
    }
}
