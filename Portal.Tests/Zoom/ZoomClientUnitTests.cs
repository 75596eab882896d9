using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Zoom;

public class ZoomClientUnitTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D")]
    [InlineData("abc//def==", "abc%252F%252Fdef%253D%253D")]
    [InlineData("4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii%3D%3D")]
    [InlineData("ab/c+d=", "ab%2Fc%2Bd%3D")]
    [InlineData("85746065123", "85746065123")]
    public void EncodeForPath_Uuids_FollowZoomRule(string uuid, string expected)
    {
        Assert.Equal(expected, ZoomUuid.EncodeForPath(uuid));
    }

    [Fact]
    public void EncodeForPath_InAbsoluteUri_KeepsPercent25()
    {
        var uri = new Uri("https://api.zoom.us/v2/meetings/" + ZoomUuid.EncodeForPath("/ajXp112QmuoKj4854875==") + "/recordings", UriKind.Absolute);

        Assert.Equal("/v2/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings", uri.AbsolutePath);
        Assert.Contains("%252F", uri.AbsoluteUri, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        Assert.Equal("/v2/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings", request.RequestUri!.PathAndQuery);
    }

    [Fact]
    public void Classify_QpsHeaderWithSeconds_RetriesAfterSeconds()
    {
        var verdict = ZoomRateLimitClassifier.Classify("QPS", "2", """{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}""", Now);

        Assert.False(verdict.Daily);
        Assert.Equal(TimeSpan.FromSeconds(2), verdict.RetryAfter);
    }

    [Fact]
    public void Classify_DailyHeaderWithIsoDate_ResetsAtThatDate()
    {
        var verdict = ZoomRateLimitClassifier.Classify("Daily-limit", "2026-11-26T00:00:00Z", """{"code":429,"message":"You have reached the maximum daily rate limit for this API."}""", Now);

        Assert.True(verdict.Daily);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), verdict.ResetsAt);
    }

    [Fact]
    public void Classify_MeetingPerHostWithoutHeaders_IsDailyUntilUtcMidnight()
    {
        var verdict = ZoomRateLimitClassifier.Classify(null, null,
            """{"code":429,"message":"You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."}""", Now);

        Assert.True(verdict.Daily);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), verdict.ResetsAt);
    }

    [Fact]
    public void Classify_BarePerSecondBody_IsNotDaily()
    {
        var verdict = ZoomRateLimitClassifier.Classify(null, null, """{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}""", Now);

        Assert.False(verdict.Daily);
        Assert.Null(verdict.RetryAfter);
    }

    [Fact]
    public void FromBody_ScopeError_ListsMissingScopes()
    {
        var ex = ZoomErrorReader.FromBody(HttpStatusCode.BadRequest,
            """{"code":4711,"message":"Invalid access token, does not contain scopes:[user:read:list_users:admin, user:read:user:admin]."}""", "Bad Request");

        var scope = Assert.IsType<ZoomScopeException>(ex);
        Assert.Equal(["user:read:list_users:admin", "user:read:user:admin"], scope.MissingScopes);
        Assert.Equal(4711, scope.Code);
    }

    [Fact]
    public void FromBody_ValidationError_CarriesFieldErrors()
    {
        var ex = ZoomErrorReader.FromBody(HttpStatusCode.BadRequest,
            """{"code":300,"message":"Validation Failed.","errors":[{"field":"settings.jbh_time","message":"Invalid parameter: jbh_time."}]}""", "Bad Request");

        var api = Assert.IsType<ZoomApiException>(ex);
        Assert.Equal(300, api.Code);
        Assert.Equal(new ZoomFieldError("settings.jbh_time", "Invalid parameter: jbh_time."), Assert.Single(api.Errors));
    }

    [Fact]
    public void FromBody_OAuthShape_IsOAuthException()
    {
        var ex = ZoomErrorReader.FromBody(HttpStatusCode.BadRequest, """{"reason":"Invalid client_id or client_secret","error":"invalid_client"}""", "Bad Request");

        var oauth = Assert.IsType<ZoomOAuthException>(ex);
        Assert.Equal("invalid_client", oauth.Error);
        Assert.Equal("Invalid client_id or client_secret", oauth.Reason);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000")]
    [InlineData("http://[::]:8080", "http://localhost:8080")]
    [InlineData("http://+:80", "http://localhost:80")]
    [InlineData("http://*:5000/", "http://localhost:5000")]
    [InlineData("https://portal.example.edu", "https://portal.example.edu")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234")]
    public void NormaliseListenAddress_WildcardHosts_BecomeCallable(string address, string expected)
    {
        Assert.Equal(expected, ZoomEndpoints.NormaliseListenAddress(address));
    }

    [Fact]
    public void MapPlanUsage_PlansAndStorage_SumsLicencesAndParsesSizes()
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""
            {"plan_base":{"type":"monthly","hosts":100,"usage":87,"pending":3},
             "plan_zoom_one":[{"type":"zoomone_pro","hosts":50,"usage":48,"pending":0}],
             "plan_united":{"type":"united","hosts":0,"usage":0},
             "plan_webinar":[{"type":"webinar500","hosts":2,"usage":1}],
             "plan_recording":{"type":"cloud","free_storage":"5 GB","free_storage_usage":"1.2 GB","plan_storage":"1 TB","plan_storage_usage":"300 GB","plan_storage_exceed":"0","max_exceed_date":""}}
            """);

        var usage = ZoomClient.MapPlanUsage(ZoomClient.Read(json, ZoomWireJson.Default.PlanUsageWire));

        Assert.Equal(150, usage.LicencesPurchased);
        Assert.Equal(135, usage.LicencesAssigned);
        Assert.Equal(3, usage.Plans.Count);
        Assert.Equal(1L << 40, usage.Storage!.PlanStorage.Bytes);
        Assert.Empty(usage.UnknownFigures);
        Assert.NotNull(usage.Storage.RemainingBytesDerived);
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void Classify_DailyLimitWithoutHeadersOnAnyDay_ResetsAtTheNextUtcMidnight(DateTimeOffset now)
    {
        // Act
        var verdict = ZoomRateLimitClassifier.Classify(null, null, """{"code":429,"message":"You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user."}""", now);

        // Assert
        var resetsAt = verdict.ResetsAt!.Value;
        Assert.Equal(TimeSpan.Zero, resetsAt.Offset);
        Assert.Equal(TimeOnly.MinValue, TimeOnly.FromDateTime(resetsAt.UtcDateTime));
        Assert.Equal(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1), DateOnly.FromDateTime(resetsAt.UtcDateTime));
        Assert.InRange(resetsAt - now, TimeSpan.FromTicks(1), TimeSpan.FromDays(1));
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void CallStatistics_PastUtcMidnight_CountTheNewDayFromZero(DateTimeOffset now)
    {
        // Arrange
        var clock = AwkwardDates.ClockAt(now);
        var statistics = new ZoomCallStatistics(clock);
        statistics.RecordCall("c1", ZoomRateCategory.Light);
        var today = statistics.Get("c1");

        // Act
        clock.SetUtcNow(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero));
        statistics.RecordCall("c1", ZoomRateCategory.Heavy);
        var tomorrow = statistics.Get("c1");

        // Assert
        Assert.Equal(DateOnly.FromDateTime(now.UtcDateTime), today.Day);
        Assert.Equal(1, today.Calls[ZoomRateCategory.Light]);
        Assert.Equal(today.Day.AddDays(1), tomorrow.Day);
        Assert.Equal(0, tomorrow.Calls[ZoomRateCategory.Light]);
        Assert.Equal(1, tomorrow.Calls[ZoomRateCategory.Heavy]);
    }

    [Fact]
    public void CallStatistics_KeyWithoutCalls_ReturnsZeroCounts()
    {
        // Arrange
        var statistics = new ZoomCallStatistics(AwkwardDates.ClockAt(Now));
        statistics.RecordCall("connection:1", ZoomRateCategory.Light);

        // Act
        var stats = statistics.Get("connection:2");

        // Assert
        Assert.Equal("connection:2", stats.Key);
        Assert.All(Enum.GetValues<ZoomRateCategory>(), c => Assert.Equal(0, stats.Calls[c]));
        Assert.Equal((0, 0, 0), (stats.TooManyRequests, stats.DailyLimitsHit, stats.TokenRequests));
    }

    [Fact]
    public void AddZoomClient_EveryZoomInterface_IsTheOneSingletonClient()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddZoomClient();
        using var provider = services.BuildServiceProvider();

        // Act
        object[] seams =
        [
            provider.GetRequiredService<IZoomOAuth>(), provider.GetRequiredService<IZoomUsers>(), provider.GetRequiredService<IZoomMeetings>(),
            provider.GetRequiredService<IZoomRecordings>(), provider.GetRequiredService<IZoomAccountReports>(), provider.GetRequiredService<IZoomUsers>(),
        ];

        // Assert
        Assert.All(seams, seam => Assert.Same(seams[0], seam));
        Assert.Same(provider.GetRequiredService<ZoomCallStatistics>(), provider.GetRequiredService<IZoomCallStatistics>());
    }

    [Fact]
    public void Read_LooseFields_NumbersAsTextEmptyDatesAndOddShapesReadAsZoomMeansThem()
    {
        // Arrange
        var json = System.Text.Encoding.UTF8.GetBytes("""
            {"uuid":"abc==","id":"85746065123","host_id":12,"topic":{"unexpected":true},"start_time":"","duration":45.0,
             "total_size":"1024","recording_files":[{"id":"f1","file_size":512,"recording_start":"2026-11-20T10:00:00Z","recording_end":""}]}
            """);

        // Act
        var meeting = ZoomClient.Read(json, ZoomWireJson.Default.RecordingMeetingWire);

        // Assert
        Assert.Equal(85746065123, meeting.Id);
        Assert.Equal("12", meeting.HostId);
        Assert.Null(meeting.Topic);
        Assert.Null(meeting.StartTime);
        Assert.Equal(45, meeting.Duration);
        Assert.Equal(1024, meeting.TotalSize);
        var file = Assert.Single(meeting.RecordingFiles!);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), file.RecordingStart);
        Assert.Null(file.RecordingEnd);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    public void Read_EmptyOrUnreadableBody_ReadsAsAnAnswerWithoutFields(string body)
    {
        // Act
        var page = ZoomClient.Read(System.Text.Encoding.UTF8.GetBytes(body), ZoomWireJson.Default.UserPageWire);

        // Assert
        Assert.Null(page.Users);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public void WriteUpdateMeeting_OnlyTopicChanged_SendsOnlyTheTopic()
    {
        // Arrange: a PATCH with a null field would ask Zoom to clear it
        var update = new UpdateMeetingWire("Essay review (moved)", null, null, null, null, null);

        // Act
        var json = System.Text.Json.JsonSerializer.Serialize(update, ZoomWireJson.Default.UpdateMeetingWire);

        // Assert
        Assert.Equal("""{"topic":"Essay review (moved)"}""", json);
    }
}
