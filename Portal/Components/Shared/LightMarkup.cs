using System.Collections.Concurrent;
using System.Net;
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
    private static readonly ConcurrentDictionary<(string Svg, string? Class, Size Size), MarkupString> s_icons = new();

    /// <summary>A MudBlazor SVG icon (<see cref="Icons"/>) as one cached markup frame.</summary>
    public static MarkupString Icon(string svgContent, string? extraClass = null, Size size = Size.Small) =>
        s_icons.GetOrAdd((svgContent, extraClass, size), key => new MarkupString(
            $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{key.Size.ToString().ToLowerInvariant()}{(key.Class is null ? "" : " " + key.Class)}\" " +
            $"viewBox=\"0 0 24 24\" focusable=\"false\" aria-hidden=\"true\">{key.Svg}</svg>"));

    public const string FilledPrimaryButtonClass = "mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-medium mud-ripple";

    public const string OutlinedButtonClass = "mud-button-root mud-button mud-button-outlined mud-button-outlined-default mud-button-outlined-size-medium mud-ripple";

    private static readonly ConcurrentDictionary<string, MarkupString> s_buttonIcons = new();

    /// <summary>The start icon of a medium MudButton, as one cached markup frame.</summary>
    public static MarkupString ButtonIcon(string svgContent) => s_buttonIcons.GetOrAdd(svgContent, svg => new MarkupString(
        $"<span class=\"mud-button-icon-start mud-button-icon-size-medium\">{Icon(svg, size: Size.Medium)}</span>"));

    /// <summary>The options of a native select as one markup frame: a first "any" option (unless null), then the values, one marked selected.</summary>
    public static MarkupString Options(string? anyText, IEnumerable<(string Value, string Text)> options, string? selected)
    {
        var html = new System.Text.StringBuilder();
        if (anyText is not null)
        {
            html.Append("<option value=\"\"").Append(selected is null ? " selected" : "").Append('>').Append(WebUtility.HtmlEncode(anyText)).Append("</option>");
        }
        foreach (var (value, text) in options)
        {
            html.Append("<option value=\"").Append(WebUtility.HtmlEncode(value)).Append('"').Append(value == selected ? " selected" : "").Append('>')
                .Append(WebUtility.HtmlEncode(text)).Append("</option>");
        }
        return new MarkupString(html.ToString());
    }

    /// <summary>The CSS colour name MudBlazor uses in class names (mud-chip-color-success...).</summary>
    public static string ColorName(Color color) => color.ToString().ToLowerInvariant();
}
