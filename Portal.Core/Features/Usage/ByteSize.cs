using System.Globalization;

namespace Portal.Core.Features.Usage;

/// <summary>Human-readable sizes in Zoom's binary units (1 GB = 1024 MB), e.g. "12.5 GB".</summary>
public static class ByteSize
{
    private static readonly string[] s_units = ["B", "KB", "MB", "GB", "TB", "PB"];

    public static string Format(long? bytes, string unknown = "unknown")
    {
        if (bytes is not { } b)
        {
            return unknown;
        }
        if (b < 0)
        {
            return "-" + Format(-b);
        }
        double value = b;
        var unit = 0;
        while (value >= 1024 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        if (unit == 0)
        {
            return $"{b} B";
        }
        var rounded = value >= 100 ? Math.Round(value) : Math.Round(value, 1);
        if (rounded >= 1024 && unit < s_units.Length - 1)
        {
            rounded = 1;
            unit++;
        }
        return rounded.ToString(rounded >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture) + " " + s_units[unit];
    }
}
