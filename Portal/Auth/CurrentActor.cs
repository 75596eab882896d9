using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Core.Identity;

namespace Portal.Auth;

/// <summary>
/// The person signed in to this request or page (circuit); <see cref="Actor.Anonymous"/> when it has nobody signed in; the
/// system only for scopes that no request or page owns (background jobs, start-up), so a page missing [Authorize] gets no rights.
/// </summary>
public sealed class CurrentActor(IServiceProvider services, IHttpContextAccessor httpContextAccessor) : ICurrentActor
{
    public async Task<Actor> GetAsync()
    {
        // A request's own scope: an HttpContext that flowed into a background task's scope is not this scope's.
        if (httpContextAccessor.HttpContext is { } http && ReferenceEquals(http.RequestServices, services))
        {
            return ToActor(http.User);
        }
        if (services.GetService<AuthenticationStateProvider>() is { } provider)
        {
            try
            {
                return ToActor((await provider.GetAuthenticationStateAsync()).User);
            }
            catch (InvalidOperationException)
            {
                // No authentication state: this scope belongs to no circuit.
            }
        }
        return Actor.System;
    }

    private static Actor ToActor(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Actor.Anonymous;
        }
        var roles = Roles.All.Where(user.IsInRole).ToHashSet();
        return new Actor(user.DisplayName(), user.FindObjectId(), user.FindEmail(), roles) { TenantId = user.FindTenantId() };
    }
}
