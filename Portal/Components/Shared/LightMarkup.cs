using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Portal.Components.Shared;

/// <summary>
/// MudBlazor's look without a component, or even a render-tree frame, per element, for markup repeated on every row
/// of a big list. Each component keeps its own render trees in the server circuit, and every frame of a render is
/// held three times (current tree, previous tree, the batch buffer), so a 25-row grid built from MudIcon/MudChip/
/// MudButton cells costs megabytes per open page. These helpers render the same CSS classes as one markup frame.
/// </summary>
public static class LightMarkup
{
    private static readonly ConcurrentDictionary<(string Svg, string? Class), MarkupString> s_icons = new();

    /// <summary>A small MudBlazor SVG icon (<see cref="Icons"/>) as one cached markup frame.</summary>
    public static MarkupString Icon(string svgContent, string? extraClass = null) =>
        s_icons.GetOrAdd((svgContent, extraClass), key => new MarkupString(
            $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-small{(key.Class is null ? "" : " " + key.Class)}\" viewBox=\"0 0 24 24\" " +
            $"focusable=\"false\" aria-hidden=\"true\">{key.Svg}</svg>"));

    /// <summary>The CSS colour name MudBlazor uses in class names (mud-chip-color-success...).</summary>
    public static string ColorName(Color color) => color.ToString().ToLowerInvariant();
}
