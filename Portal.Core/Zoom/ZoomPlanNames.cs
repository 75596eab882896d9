using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Core.Zoom;

/// <summary>Names people read for Zoom's plan codes ("cmr_monthly_commitment_1tb" is "Cloud recording 1 TB, monthly commitment").</summary>
public static partial class ZoomPlanNames
{
    private static readonly Dictionary<string, string> s_known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["plan_base"] = "Meetings",
        ["plan_zoom_one"] = "Zoom One",
        ["plan_united"] = "Zoom United",
        ["plan_webinar"] = "Webinars",
        ["plan_large_meeting"] = "Large meetings",
        ["plan_room_connector"] = "Room connector",
        ["plan_recording"] = "Cloud recording",
        ["zoom_one_pro_monthly"] = "Zoom One Pro, monthly",
        ["zoom_one_business_monthly"] = "Zoom One Business, monthly",
        ["zoom_one_business_plus_monthly"] = "Zoom One Business Plus, monthly",
        ["zoom_one_enterprise_monthly"] = "Zoom One Enterprise, monthly",
        ["united_business_monthly"] = "Zoom United Business, monthly",
        ["cmr_monthly_commitment_1tb"] = "Cloud recording 1 TB, monthly commitment",
    };

    private static readonly Dictionary<string, string> s_words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cmr"] = "cloud recording",
        ["zoom"] = "Zoom",
        ["one"] = "One",
        ["united"] = "United",
        ["pro"] = "Pro",
        ["business"] = "Business",
        ["plus"] = "Plus",
        ["enterprise"] = "Enterprise",
        ["education"] = "Education",
        ["edu"] = "Education",
    };

    private static readonly string[] s_periods = ["monthly", "yearly", "annual", "annually"];

    /// <summary>The name of a plan code; an unknown code becomes its words ("foo_bar_2tb" is "Foo bar 2 TB"). Empty for no code.</summary>
    public static string Name(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "";
        }
        if (s_known.TryGetValue(code.Trim(), out var known))
        {
            return known;
        }
        var words = code.Trim().Split(['_', '-', ' '], StringSplitOptions.RemoveEmptyEntries).Select(Word).ToList();
        if (words.Count == 0)
        {
            return code;
        }
        var text = string.Join(" ", words);
        return char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
    }

    /// <summary>A licence line of plan usage: the plan group ("plan_base") and its type ("monthly", "zoom_one_business_plus_monthly").</summary>
    public static string Licence(string plan, string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return Name(plan);
        }
        return s_periods.Contains(type.Trim(), StringComparer.OrdinalIgnoreCase)
            ? $"{Name(plan)}, {type.Trim().ToLowerInvariant()}"
            : Name(type);
    }

    /// <summary>The codes behind a licence line, for a tooltip.</summary>
    public static string LicenceCodes(string plan, string? type) => string.IsNullOrWhiteSpace(type) ? plan : $"{plan} · {type}";

    private static string Word(string token)
    {
        if (s_words.TryGetValue(token, out var word))
        {
            return word;
        }
        var size = Size().Match(token);
        return size.Success ? $"{size.Groups[1].Value} {size.Groups[2].Value.ToUpperInvariant()}" : token.ToLowerInvariant();
    }

    [GeneratedRegex("^([0-9]+)(kb|mb|gb|tb|pb)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Size();
}
