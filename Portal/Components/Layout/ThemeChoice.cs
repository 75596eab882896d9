namespace Portal.Components.Layout;

/// <summary>Light or dark, remembered in a cookie so that the first render of the next visit already has it.</summary>
public static class ThemeChoice
{
    public const string CookieName = "portal-theme";
    public const string CascadeName = "DarkModeChosen";
    public const string Dark = "dark";
    public const string Light = "light";

    public static bool? FromCookie(string? value) => value switch
    {
        Dark => true,
        Light => false,
        _ => null,
    };
}
