using System.Net;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>
/// With Entra ID, the policy's form-action lets forms continue to the authority (sign-out redirects there; Chromium checks
/// form-action against redirects). The authority is the tests' local Entra ID stand-in.
/// </summary>
public sealed class EntraIdFormActionTests : IAsyncLifetime
{
    private const string TenantId = "8f3e6a52-2b1c-4d7e-9a0f-5c6b7d8e9f01";
    private FakeEntraId? _authority;
    private string _authorityUrl = "";

    public async Task InitializeAsync()
    {
        _authority = await FakeEntraId.StartAsync(TenantId, "client-123", "client-secret");
        _authorityUrl = _authority.Instance.TrimEnd('/');
    }

    [Fact]
    public async Task Policy_AzureAdMode_FormActionAllowsTheAuthorityTheChallengeGoesTo()
    {
        // Arrange
        await using var portal = new AzureAdPortal(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:Instance"] = _authorityUrl + "/",
            ["AzureAd:TenantId"] = TenantId,
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
