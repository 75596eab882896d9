using Microsoft.AspNetCore.Authorization;
using Portal.Core.Identity;

namespace Portal.Auth;

/// <summary>Every authorization policy of the portal, declared once.</summary>
public static class Policies
{
    /// <summary>Any person holding one of the portal's roles.</summary>
    public const string SignedIn = "SignedIn";

    /// <summary>IT administrators only.</summary>
    public const string Admin = "Admin";

    /// <summary>Directors and administrators (administrators can do everything a director can).</summary>
    public const string Director = "Director";

    /// <summary>Teachers, directors and administrators: people who may hold sessions.</summary>
    public const string Staff = "Staff";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireRole(Roles.All));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        options.AddPolicy(Director, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Director));
        options.AddPolicy(Staff, p => p.RequireAuthenticatedUser().RequireRole(Roles.All));
        options.DefaultPolicy = options.GetPolicy(SignedIn)!;
    }
}
