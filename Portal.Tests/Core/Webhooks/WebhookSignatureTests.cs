using System.Text;
using Portal.Core.Features.Webhooks;

namespace Portal.Tests.Core.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_secret";
    private const string Body = """{"event":"meeting.deleted","payload":{"object":{"id":85746065123}}}""";

    // Expected values computed outside .NET (Python hmac/hashlib) from the same inputs.
    private const string KnownSignature = "v0=75aaa0e64c4688aff6e068d898925a99653c931803c2ac34a44dcb498f581d1a";
    private const string KnownEncryptedToken = "f18fe384261e2c24739b3049c107257c38a5094f873fd62c28da085e693a518f";
    private static readonly DateTimeOffset s_sentAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Compute_KnownVector_MatchesIndependentHmac()
    {
        // Act
        var signature = WebhookSignature.Compute(Secret, "1700000000", Encoding.UTF8.GetBytes(Body));

        // Assert
        Assert.Equal(KnownSignature, signature);
    }

    [Fact]
    public void EncryptPlainToken_KnownVector_MatchesIndependentHmac()
    {
        Assert.Equal(KnownEncryptedToken, WebhookSignature.EncryptPlainToken(Secret, "qgg8vlvZRS6UYooatFL8Aw"));
    }

    [Theory]
    [InlineData(0, SignatureCheck.Valid)]
    [InlineData(299, SignatureCheck.Valid)]
    [InlineData(301, SignatureCheck.StaleTimestamp)]
    [InlineData(-301, SignatureCheck.StaleTimestamp)]
    public void Verify_TimestampInSeconds_AcceptsOnlyFiveMinutes(int secondsLater, SignatureCheck expected)
    {
        // Act
        var check = WebhookSignature.Verify(Secret, "1700000000", KnownSignature, Encoding.UTF8.GetBytes(Body), s_sentAt.AddSeconds(secondsLater));

        // Assert
        Assert.Equal(expected, check);
    }

    [Fact]
    public void Verify_TimestampInMilliseconds_IsAccepted()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes(Body);
        var signature = WebhookSignature.Compute(Secret, "1700000000123", body);

        // Act
        var fresh = WebhookSignature.Verify(Secret, "1700000000123", signature, body, s_sentAt.AddSeconds(10));
        var stale = WebhookSignature.Verify(Secret, "1700000000123", signature, body, s_sentAt.AddMinutes(6));

        // Assert
        Assert.Equal(SignatureCheck.Valid, fresh);
        Assert.Equal(SignatureCheck.StaleTimestamp, stale);
    }

    [Theory]
    [InlineData(null, KnownSignature, SignatureCheck.MissingHeaders)]
    [InlineData("1700000000", null, SignatureCheck.MissingHeaders)]
    [InlineData("not-a-number", KnownSignature, SignatureCheck.StaleTimestamp)]
    [InlineData("1700000000", "v0=0000", SignatureCheck.BadSignature)]
    public void Verify_BadHeaders_AreRejected(string? timestamp, string? signature, SignatureCheck expected)
    {
        Assert.Equal(expected, WebhookSignature.Verify(Secret, timestamp, signature, Encoding.UTF8.GetBytes(Body), s_sentAt));
    }

    [Fact]
    public void Verify_WrongSecretOrChangedBody_IsBadSignature()
    {
        Assert.Equal(SignatureCheck.BadSignature,
            WebhookSignature.Verify("other-secret", "1700000000", KnownSignature, Encoding.UTF8.GetBytes(Body), s_sentAt));
        Assert.Equal(SignatureCheck.BadSignature,
            WebhookSignature.Verify(Secret, "1700000000", KnownSignature, Encoding.UTF8.GetBytes(Body + " "), s_sentAt));
    }
}
