using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Features.Webhooks;

public enum SignatureCheck
{
    Valid = 0,
    MissingHeaders = 1,
    StaleTimestamp = 2,
    BadSignature = 3,
}

/// <summary>Zoom's webhook signature: "v0=" + hex HMAC-SHA256 of "v0:{timestamp}:{raw body}" keyed with the secret token.</summary>
public static class WebhookSignature
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public static string Compute(string secretToken, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretToken), message));
    }

    public static SignatureCheck Verify(string secretToken, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.MissingHeaders;
        }
        if (ParseTimestamp(timestamp) is not { } sent || (now - sent).Duration() > MaxAge)
        {
            return SignatureCheck.StaleTimestamp;
        }
        var expected = Encoding.ASCII.GetBytes(Compute(secretToken, timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? SignatureCheck.Valid : SignatureCheck.BadSignature;
    }

    /// <summary>Zoom's timestamp unit is not documented: values above 10^11 are milliseconds, others seconds.</summary>
    public static DateTimeOffset? ParseTimestamp(string timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        try
        {
            return value > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The answer to <c>endpoint.url_validation</c>: lowercase hex HMAC-SHA256 of the plain token.</summary>
    public static string EncryptPlainToken(string secretToken, string plainToken) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretToken), Encoding.UTF8.GetBytes(plainToken)));

    public static string Identity(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
