using System.Net;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Zoom;

namespace Portal.Tests.Zoom;

public class ZoomRefusalTests
{
    private static readonly FakeTimeProvider s_clock = new(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));

    public static TheoryData<string, Exception, ZoomRefusalKind, string, string> Failures => new()
    {
        {
            "scope missing", new ZoomScopeException(HttpStatusCode.BadRequest, ZoomErrorCodes.MissingScopes,
                "Invalid access token, does not contain scopes:[report:read:cloud_recording:admin].", ["report:read:cloud_recording:admin"]),
            ZoomRefusalKind.ScopeMissing, "lacks the permission for \u201cStorage history from Zoom\u201d: Zoom wants the scope report:read:cloud_recording:admin.",
            "open the connection's Server-to-Server OAuth app in Zoom's App Marketplace, add the scope under Scopes"
        },
        {
            "user not found", new ZoomApiException(HttpStatusCode.NotFound, ZoomErrorCodes.UserNotFound, "User does not exist: terry@univ.edu."),
            ZoomRefusalKind.UserNotFound, "Zoom has no user for Terry Teacher in this Zoom account.", "Re-check the staff member on the Staff page"
        },
        {
            "meeting not found", new ZoomApiException(HttpStatusCode.NotFound, ZoomErrorCodes.MeetingNotFound, "Meeting does not exist: 123."),
            ZoomRefusalKind.MeetingNotFound, "Zoom has no such meeting any more", "Schedule the session again"
        },
        {
            "recording not found", new ZoomApiException(HttpStatusCode.NotFound, ZoomErrorCodes.NoRecording, "There is no recording for this meeting."),
            ZoomRefusalKind.RecordingNotFound, "Zoom has no such recording any more", "Reload the recordings"
        },
        {
            "other 404", new ZoomApiException(HttpStatusCode.NotFound, null, "Not Found"),
            ZoomRefusalKind.NotFound, "Zoom no longer has what was asked for", "Reload the page"
        },
        {
            "cannot host", new ZoomApiException(HttpStatusCode.BadRequest, ZoomErrorCodes.UserCannotHost, "User can not host."),
            ZoomRefusalKind.CannotHost, "Zoom does not allow Terry Teacher to host meetings.", "Give them a licence or choose another host."
        },
        {
            "no licences left", new ZoomApiException(HttpStatusCode.BadRequest, ZoomErrorCodes.NoLicencesLeft, "Not enough licenses."),
            ZoomRefusalKind.NoLicencesLeft, "No licences left", "Reclaim one from an inactive user"
        },
        {
            "e-mail in use", new ZoomApiException(HttpStatusCode.Conflict, ZoomErrorCodes.EmailAlreadyUsed, "User already in the account."),
            ZoomRefusalKind.EmailInUse, "already has a Zoom account", "Re-check the member."
        },
        {
            "per-second limit", new ZoomRateLimitException("too many", ZoomRateCategory.Medium, daily: false, null),
            ZoomRefusalKind.RateLimited, "Zoom is busy", "Try again in a minute."
        },
        {
            "daily limit", new ZoomRateLimitException("daily", ZoomRateCategory.Light, daily: true, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)),
            ZoomRefusalKind.DailyLimit, "Zoom's daily limit for Terry Teacher is used up.", "Try again after 2026-11-26 00:00 UTC"
        },
        {
            "credentials refused", new ZoomOAuthException(HttpStatusCode.BadRequest, "invalid_client", "Invalid client_id or client_secret"),
            ZoomRefusalKind.CredentialsRefused, "Zoom refused the connection's credentials (invalid_client).", "The Client ID or Client Secret is wrong"
        },
        {
            "app deauthorized", new ZoomOAuthException(HttpStatusCode.BadRequest, "invalid_grant", "Invalid Token!"),
            ZoomRefusalKind.CredentialsRefused, "(invalid_grant)", "Link the account again."
        },
        {
            "access token refused", new ZoomApiException(HttpStatusCode.Unauthorized, ZoomErrorCodes.AccessTokenInvalid, "Invalid access token."),
            ZoomRefusalKind.CredentialsRefused, "Zoom refused the connection's access token (Invalid access token).", "verify the connection again on the Connections page"
        },
        {
            "Zoom unavailable", new ZoomUnavailableException("Zoom answered 503 Service Unavailable."),
            ZoomRefusalKind.Unavailable, "Zoom could not be reached or did not answer in time.", "Try again in a few minutes"
        },
        {
            "network down", new HttpRequestException("Connection refused"),
            ZoomRefusalKind.Unavailable, "Zoom could not be reached or did not answer in time.", "Try again in a few minutes"
        },
        {
            "other refusal", new ZoomApiException(HttpStatusCode.BadRequest, 3303, "The meeting is still in progress."),
            ZoomRefusalKind.Refused, "Zoom refused: The meeting is still in progress (code 3303).", "Correct what Zoom names and try again"
        },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void From_EachZoomFailure_KindReasonAndFix(string scenario, Exception failure, ZoomRefusalKind kind, string reason, string fix)
    {
        // Act
        var refusal = ZoomRefusal.From(failure, s_clock, "Terry Teacher");

        // Assert
        Assert.NotNull(refusal);
        Assert.True(kind == refusal.Kind, scenario);
        Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
        Assert.Contains(fix, refusal.Fix, StringComparison.Ordinal);
        Assert.Equal($"{refusal.Reason} {refusal.Fix}", refusal.Text);
    }

    [Fact]
    public void From_ScopesOfTwoFeatures_NamesBothFeaturesAndEveryScope()
    {
        // Arrange
        var failure = new ZoomScopeException(HttpStatusCode.BadRequest, ZoomErrorCodes.MissingScopes,
            "Invalid access token, does not contain scopes:[recording:read:admin, report:read:admin].", ["recording:read:admin", "report:read:admin"]);

        // Act
        var refusal = ZoomRefusal.From(failure, s_clock)!;

        // Assert
        Assert.Equal("The connection's Zoom app or link lacks the permission for \u201cRecordings (list, play, download)\u201d and "
            + "\u201cStorage history from Zoom\u201d: Zoom wants the scopes recording:read:admin, report:read:admin.", refusal.Reason);
        Assert.Contains("add the scopes under Scopes", refusal.Fix);
        Assert.DoesNotContain("Invalid access token", refusal.Text);
    }

    [Fact]
    public void From_DailyLimitWithoutResetTime_NextUtcMidnight()
    {
        // Act
        var refusal = ZoomRefusal.From(new ZoomRateLimitException("daily", ZoomRateCategory.Light, daily: true, null), s_clock);

        // Assert
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), refusal!.RetryAt);
        Assert.Equal("Zoom's daily limit is used up.", refusal.Reason);
    }

    [Fact]
    public void From_RangePastTheEnd_CarriesTheFileLength()
    {
        // Act
        var refusal = ZoomRefusal.From(new ZoomRangeNotSatisfiableException(1234), s_clock);

        // Assert
        Assert.Equal(ZoomRefusalKind.RangeNotSatisfiable, refusal!.Kind);
        Assert.Equal(1234, refusal.FileLength);
    }

    [Fact]
    public void From_NotAZoomFailure_Null()
    {
        // Act
        var refusal = ZoomRefusal.From(new InvalidOperationException("The connection is disabled."), s_clock);

        // Assert
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData(ZoomRefusalKind.DailyLimit, "Try again after 2026-11-26 00:00 UTC")]
    [InlineData(ZoomRefusalKind.ScopeMissing, "App Marketplace")]
    [InlineData(ZoomRefusalKind.Unavailable, "Try again in a few minutes")]
    [InlineData(ZoomRefusalKind.MeetingNotFound, "Schedule the session again")]
    public void Of_KindOnly_SameWordsAsFrom(ZoomRefusalKind kind, string fix)
    {
        // Act
        var refusal = ZoomRefusal.Of(kind, s_clock);

        // Assert
        Assert.Equal(kind, refusal.Kind);
        Assert.Contains(fix, refusal.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_EveryKind_HasAReasonAndAFix()
    {
        foreach (var kind in Enum.GetValues<ZoomRefusalKind>())
        {
            // Act
            var refusal = ZoomRefusal.Of(kind, s_clock);

            // Assert
            Assert.Equal(kind, refusal.Kind);
            Assert.False(string.IsNullOrWhiteSpace(refusal.Reason), kind.ToString());
            Assert.False(string.IsNullOrWhiteSpace(refusal.Fix), kind.ToString());
        }
    }
}
