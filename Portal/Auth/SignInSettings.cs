namespace Portal.Auth;

/// <summary>Bound from <c>Authentication</c>.</summary>
public sealed class AuthenticationSettings
{
    public const string Section = "Authentication";

    /// <summary><c>AzureAd</c> or <c>Development</c>; unset means AzureAd when <c>AzureAd:ClientId</c> is set.</summary>
    public string? Mode { get; set; }
}

/// <summary>
/// What the portal itself reads of <c>AzureAd</c> (to choose the sign-in and to allow Entra ID as a form target);
/// Microsoft.Identity.Web binds the whole section for its own options.
/// </summary>
public sealed class AzureAdSettings
{
    public const string Section = "AzureAd";

    public string? Instance { get; set; } = "https://login.microsoftonline.com/";
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
}

/// <summary>The sign-in chosen at start from <see cref="AuthenticationSettings"/> and <see cref="AzureAdSettings"/>.</summary>
public sealed record SignInMode(string Name)
{
    public bool IsDevelopment => Name.Equals(AuthenticationSetup.DevelopmentMode, StringComparison.OrdinalIgnoreCase);

    public bool IsAzureAd => Name.Equals(AuthenticationSetup.AzureAdMode, StringComparison.OrdinalIgnoreCase);
}
