using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;

namespace Portal.Auth;

/// <summary>Every sign-in (Entra ID or development) becomes the portal's cookie: recorded then as a recipient of the portal's e-mails.</summary>
public static class SignInRecording
{
    public static void Configure(CookieAuthenticationOptions options)
    {
        var signingIn = options.Events.OnSigningIn;
        options.Events.OnSigningIn = async context =>
        {
            await signingIn(context);
            if (context.Principal is { Identity.IsAuthenticated: true } user)
            {
                await context.HttpContext.RequestServices.GetRequiredService<RecordSignIn>().RecordAsync(PersonOf(user), context.HttpContext.RequestAborted);
            }
        };
    }

    public static SignedInPerson PersonOf(ClaimsPrincipal user) => new(
        user.FindObjectId(),
        user.FindEmail(),
        user.FindFirst(PortalClaims.Name)?.Value ?? user.Identity?.Name,
        Roles.All.Where(role => user.IsInRole(role) || user.HasClaim(PortalClaims.Roles, role) || user.HasClaim(ClaimTypes.Role, role)).ToList());
}
