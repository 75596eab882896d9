using System.Security.Claims;

namespace Portal.Auth;

/// <summary>Claim names as Entra ID issues them (Microsoft.Identity.Web keeps them short).</summary>
public static class PortalClaims
{
    public const string Roles = "roles";
    public const string Name = "name";
    public const string ObjectId = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    public const string ShortObjectId = "oid";
    public const string TenantId = "http://schemas.microsoft.com/identity/claims/tenantid";
    public const string ShortTenantId = "tid";

    public static string? FindObjectId(this ClaimsPrincipal user) =>
        user.FindFirst(ObjectId)?.Value ?? user.FindFirst(ShortObjectId)?.Value;

    public static string? FindTenantId(this ClaimsPrincipal user) =>
        user.FindFirst(TenantId)?.Value ?? user.FindFirst(ShortTenantId)?.Value;

    public static string? FindEmail(this ClaimsPrincipal user) =>
        user.FindFirst("email")?.Value ?? user.FindFirst(ClaimTypes.Email)?.Value
        ?? user.FindFirst("preferred_username")?.Value;

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirst(Name)?.Value ?? user.Identity?.Name ?? user.FindEmail() ?? "Signed-in user";
}
