namespace Portal.Core.Features.Connections;

/// <summary>Cleans a value pasted from the Zoom App Marketplace: surrounding whitespace and quotes go, and the caller can say so.</summary>
public static class CredentialText
{
    private static readonly char[] s_surrounding =
        [' ', '\t', '\r', '\n', '"', '\'', '`', '\u00A0', '\u200B', '\uFEFF', '\u201C', '\u201D', '\u2018', '\u2019'];

    public const int MaxLength = 256;

    public sealed record Cleaned(string Value, bool Changed);

    public static Cleaned Clean(string? raw)
    {
        var original = raw ?? "";
        var value = original.Trim(s_surrounding);
        return new Cleaned(value, value.Length != original.Length);
    }

    public static bool HasInnerWhitespace(string value) => value.Any(char.IsWhiteSpace);

    public const string CleanedNote = "Spaces or quotes around the pasted value were removed.";
}
