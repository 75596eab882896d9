namespace Portal.Core.Identity;

/// <summary>Entra ID app role values carried in the token's <c>roles</c> claim.</summary>
public static class Roles
{
    public const string Admin = "Portal.Admin";
    public const string Director = "Portal.Director";
    public const string Teacher = "Portal.Teacher";

    public static readonly IReadOnlyList<string> All = [Admin, Director, Teacher];

    public static string DisplayName(string role) => role switch
    {
        Admin => "IT administrator",
        Director => "Writing-center director",
        Teacher => "Teacher",
        _ => role,
    };
}
