using System.Security.Claims;
using Portal.Core.Identity;

namespace Portal.Auth;

/// <summary>Demo people for the development sign-in; the teachers are on the seeded roster and in the sandbox.</summary>
public static class DevelopmentUsers
{
    public const string Domain = "writing.example.edu";
    public const string TenantId = "00000000-0000-0000-0000-00000000dev0";

    public sealed record DevUser(string Key, string Name, string Email, string Role, string Description);

    public static readonly IReadOnlyList<DevUser> All =
    [
        new("admin", "Ada Admin", $"ada.admin@{Domain}", Roles.Admin, "IT administrator: connects Zoom, sees everything"),
        new("director", "Dana Director", $"dana.director@{Domain}", Roles.Director, "Writing-center director: staff, mapping, dashboards"),
        new("teacher", "Terry Teacher", $"terry.teacher@{Domain}", Roles.Teacher, "Teacher: own sessions and recordings"),
        new("teacher2", "Tess Tutor", $"tess.tutor@{Domain}", Roles.Teacher, "A second teacher, to try what one teacher cannot see of another"),
    ];

    public static ClaimsPrincipal Principal(DevUser user, string scheme)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(PortalClaims.Name, user.Name),
            new Claim("preferred_username", user.Email),
            new Claim("email", user.Email),
            new Claim(PortalClaims.ObjectId, $"dev-{user.Key}"),
            new Claim(PortalClaims.TenantId, TenantId),
            new Claim(PortalClaims.Roles, user.Role),
        ], scheme, PortalClaims.Name, PortalClaims.Roles);
        return new ClaimsPrincipal(identity);
    }
}
