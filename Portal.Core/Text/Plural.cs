using System.Globalization;

namespace Portal.Core.Text;

/// <summary>Counts in words people read: "1 licensed user", "2 licensed users", never "user(s)".</summary>
public static class Plural
{
    /// <summary>The count (with thousands separators) and the noun in the right number; irregular plurals are passed in.</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + Noun(count, singular, plural);

    /// <summary>The noun alone in the right number for the count.</summary>
    public static string Noun(long count, string singular, string? plural = null) =>
        count == 1 ? singular : plural ?? singular + "s";
}
