using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Core.Zoom;

/// <summary>Parses Zoom's storage strings ("12.5 GB", "500 MB", "1 TB", "0", "Unlimited", "").</summary>
public static partial class ZoomSizeParser
{
    public static ZoomSize Parse(string? raw)
    {
        var text = (raw ?? "").Trim();
        if (text.Length == 0)
        {
            return new ZoomSize(null, false, raw ?? "");
        }
        if (text.Equals("Unlimited", StringComparison.OrdinalIgnoreCase))
        {
            return new ZoomSize(null, true, text);
        }
        var match = SizePattern().Match(text);
        if (!match.Success
            || !decimal.TryParse(match.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return new ZoomSize(null, false, text);
        }
        // Zoom reports storage in binary units (1 GB = 1024 MB).
        long? multiplier = match.Groups["u"].Value.ToUpperInvariant() switch
        {
            "" or "B" or "BYTES" => 1L,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            "T" or "TB" or "TIB" => 1L << 40,
            "P" or "PB" or "PIB" => 1L << 50,
            _ => null,
        };
        return multiplier is { } m
            ? new ZoomSize((long)Math.Round(number * m, MidpointRounding.AwayFromZero), false, text)
            : new ZoomSize(null, false, text);
    }

    [GeneratedRegex(@"^(?<n>\d[\d,]*(?:\.\d+)?)\s*(?<u>[A-Za-z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
