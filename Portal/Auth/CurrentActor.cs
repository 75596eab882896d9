using Microsoft.AspNetCore.Components.Authorization;
using Portal.Core.Identity;

namespace Portal.Auth;

/// <summary>The signed-in person in a circuit or request; the system when neither exists (background jobs).</summary>
public sealed class CurrentActor(IServiceProvider services, IHttpContextAccessor httpContextAccessor) : ICurrentActor
{
    public async Task<Actor> GetAsync()
    {
        var user = httpContextAccessor.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true && services.GetService<AuthenticationStateProvider>() is { } provider)
        {
            try
            {
                user = (await provider.GetAuthenticationStateAsync()).User;
            }
            catch (InvalidOperationException)
            {
                // No authentication state outside a circuit or request.
            }
        }
        if (user?.Identity?.IsAuthenticated != true)
        {
            return Actor.System;
        }
        var roles = Roles.All.Where(user.IsInRole).ToHashSet();
        return new Actor(user.DisplayName(), user.FindObjectId(), user.FindEmail(), roles) { TenantId = user.FindTenantId() };
    }
}
