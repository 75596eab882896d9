using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Auth;
using Portal.Core.Identity;
using Portal.Shell;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// The bUnit base of every component test: MudBlazor services, loose JS interop, the connection selection and the portal's real policies evaluated
/// against a development-sign-in person (so role tests exercise Policies, not a fake authorizer).
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    private readonly TestAuthenticationStateProvider _authentication = new();

    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddAuthorizationCore(Policies.Configure);
        // bUnit pre-registers a placeholder authorizer; replace it with the real one.
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(_authentication);
        Services.AddScoped<ConnectionSelection>();
    }

    /// <summary>Signs in as a development user ("admin", "director", "teacher" or "teacher2"), also as the Core services' actor.</summary>
    protected void SignInAs(string key)
    {
        _authentication.User = DevelopmentUsers.Principal(DevelopmentUsers.All.Single(u => u.Key == key), "Test");
        Services.AddSingleton<ICurrentActor>(FakeCurrentActor.For(key));
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that are only IAsyncDisposable; xunit v2 would call Dispose, which they refuse, so the context is disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await DisposeTestAsync();
    }

    protected virtual Task DisposeTestAsync() => Task.CompletedTask;

    private sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}
