using MudBlazor;

namespace Portal.Components.Layout;

public static class PortalTheme
{
    // Primary and text colours chosen for WCAG 2.1 AA contrast on white and on the dark surface.
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1D4ED8",
            Secondary = "#6D28D9",
            AppbarBackground = "#1E3A8A",
            Success = "#15803D",
            Warning = "#B45309",
            Error = "#B91C1C",
            Info = "#0369A1",
            TextSecondary = "rgba(0,0,0,0.70)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#93C5FD",
            Secondary = "#C4B5FD",
            Success = "#4ADE80",
            Warning = "#FBBF24",
            Error = "#FCA5A5",
            Info = "#7DD3FC",
            // The dark palette's accents are light, so text on filled buttons and chips must be dark (white on #93C5FD is 1.8:1).
            PrimaryContrastText = "#0F172A",
            SecondaryContrastText = "#0F172A",
            SuccessContrastText = "#0F172A",
            WarningContrastText = "#0F172A",
            ErrorContrastText = "#0F172A",
            InfoContrastText = "#0F172A",
            // MudBlazor's default (white at 50%) gives labels, helper texts and inactive tabs about 3.4:1 on the dark surface.
            TextSecondary = "rgba(255,255,255,0.78)",
        },
    };
}
