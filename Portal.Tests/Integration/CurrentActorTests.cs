using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Auth;
using Portal.Core.Features.Connections;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>Who the portal thinks is acting: nobody signed in on a page or request is anonymous, never the system.</summary>
public sealed class CurrentActorTests(CurrentActorTests.ProbePortal factory) : IClassFixture<CurrentActorTests.ProbePortal>
{
    [Fact]
    public async Task Get_EndpointThatForgotAuthorize_AnonymousIsRefusedTheConnections()
    {
        // Arrange
        using var client = factory.CreatePortalClient();

        // Act
        using var response = await client.Http.GetAsync(ProbePortal.ProbePath.TrimStart('/'));
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("refused anonymous", body);
    }

    [Fact]
    public async Task GetAsync_ScopeWithoutRequestOrPage_IsTheSystem()
    {
        // Arrange
        await using var scope = factory.Services.CreateAsyncScope();

        // Act
        var actor = await scope.ServiceProvider.GetRequiredService<ICurrentActor>().GetAsync();

        // Assert
        Assert.True(actor.IsSystem);
    }

    [Fact]
    public async Task GetAsync_PageCircuitWithNobodySignedIn_IsAnonymous()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddScoped<AuthenticationStateProvider>(_ => new FixedAuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
        services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        services.AddScoped<ICurrentActor, CurrentActor>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        // Act
        var actor = await scope.ServiceProvider.GetRequiredService<ICurrentActor>().GetAsync();

        // Assert
        Assert.False(actor.IsSystem);
        Assert.Same(Actor.Anonymous, actor);
    }

    [Fact]
    public void IsSystem_PersonCalledSystemWithoutObjectId_IsNotTheSystem()
    {
        // Arrange
        var lookalike = new Actor("system", null, null, new HashSet<string>());

        // Act
        var isSystem = lookalike.IsSystem;

        // Assert
        Assert.False(isSystem);
        Assert.True(Actor.System.IsSystem);
    }

    private sealed class FixedAuthenticationState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    /// <summary>The portal plus one endpoint that, like a page missing [Authorize], calls an account-wide service.</summary>
    public sealed class ProbePortal : PortalAppFactory
    {
        public const string ProbePath = "/_test/forgot-authorize";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ProbeEndpoint>());
        }

        private sealed class ProbeEndpoint : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Map(ProbePath, probe => probe.Run(async http =>
                {
                    var actor = await http.RequestServices.GetRequiredService<ICurrentActor>().GetAsync();
                    try
                    {
                        var connections = await http.RequestServices.GetRequiredService<IConnectionService>().ListAsync(http.RequestAborted);
                        await http.Response.WriteAsync($"exposed {connections.Count} connections to {actor.Name}");
                    }
                    catch (UnauthorizedAccessException)
                    {
                        http.Response.StatusCode = StatusCodes.Status403Forbidden;
                        await http.Response.WriteAsync($"refused {actor.Name}");
                    }
                }));
                next(app);
            };
        }
    }
}
