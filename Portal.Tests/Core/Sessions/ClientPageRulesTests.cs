using Portal.Core.Features.Sessions;

namespace Portal.Tests.Core.Sessions;

public sealed class ClientPageRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddHours(1);
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(SessionState.Scheduled, -120, false, ClientPageStage.Upcoming)]
    [InlineData(SessionState.Scheduled, -11, false, ClientPageStage.Upcoming)]
    [InlineData(SessionState.Scheduled, -10, false, ClientPageStage.JoinOpen)]
    [InlineData(SessionState.Scheduled, 30, false, ClientPageStage.JoinOpen)]
    [InlineData(SessionState.Scheduled, -30, true, ClientPageStage.HostStarted)]
    [InlineData(SessionState.Scheduled, 60, true, ClientPageStage.Ended)]
    [InlineData(SessionState.Scheduled, 60, false, ClientPageStage.Ended)]
    [InlineData(SessionState.Cancelled, -5, false, ClientPageStage.Cancelled)]
    [InlineData(SessionState.DeletedInZoom, -5, true, ClientPageStage.Cancelled)]
    public void StageOf_MinutesFromStart_Stage(SessionState state, int minutesFromStart, bool hostStarted, ClientPageStage expected)
    {
        // Arrange
        var now = Start.AddMinutes(minutesFromStart);

        // Act
        var stage = ClientPageRules.StageOf(state, Start, End, hostStarted, now, Lead);

        // Assert
        Assert.Equal(expected, stage);
    }

    [Theory]
    [InlineData(-5, true, false, ClientPageStage.Ended)]
    [InlineData(10, true, false, ClientPageStage.Ended)]
    [InlineData(10, true, true, ClientPageStage.HostStarted)]
    public void StageOf_MeetingEndedInZoomBeforeItsScheduledEnd_Ended(int minutesFromStart, bool meetingEnded, bool meetingRunning, ClientPageStage expected)
    {
        // Arrange: Zoom's meeting events say the meeting ended (and whether it runs again)
        var now = Start.AddMinutes(minutesFromStart);

        // Act
        var stage = ClientPageRules.StageOf(SessionState.Scheduled, Start, End, hostStarted: meetingRunning, now, Lead, meetingEnded && !meetingRunning);

        // Assert
        Assert.Equal(expected, stage);
    }

    [Theory]
    [InlineData(-61, false)]
    [InlineData(-60, true)]
    [InlineData(59, true)]
    [InlineData(60, false)]
    public void HostStarted_StartLinkGivenAt_CountsFromAnHourBeforeUntilTheEnd(int minutesFromStart, bool expected)
    {
        // Arrange
        var session = new Session
        {
            ClientName = "c", ClientEmail = "c@x", TimeZone = "UTC", Topic = "t", JoinTokenHash = "",
            StartsAt = Start, EndsAt = End, HostStartedAt = Start.AddMinutes(minutesFromStart),
        };

        // Act
        var started = ClientPageRules.HostStarted(session);

        // Assert
        Assert.Equal(expected, started);
    }

    [Theory]
    [InlineData(30, "starts in less than a minute")]
    [InlineData(60, "starts in 1 minute")]
    [InlineData(45 * 60, "starts in 45 minutes")]
    [InlineData(2 * 3600, "starts in 2 hours")]
    [InlineData(2 * 3600 - 20 * 60, "starts in 2 hours")]
    [InlineData(3600, "starts in 1 hour")]
    [InlineData(23 * 3600, "starts in 23 hours")]
    [InlineData(24 * 3600, "starts in 1 day")]
    [InlineData(48 * 3600 - 60, "starts in 2 days")]
    [InlineData(3 * 86400, "starts in 3 days")]
    public void StartsIn_TimeLeft_Words(int seconds, string expected)
    {
        // Act
        var text = ClientPageRules.StartsIn(TimeSpan.FromSeconds(seconds));

        // Assert
        Assert.Equal(expected, text);
    }

    [Fact]
    public void FormatWithOffset_BerlinInWinterAndNewYorkInSummer_ZoneAndOffset()
    {
        // Act
        var berlin = SessionTime.FormatWithOffset(Start, "Europe/Berlin");
        var newYork = SessionTime.FormatWithOffset(new DateTimeOffset(2026, 7, 1, 16, 0, 0, TimeSpan.Zero), "America/New_York");

        // Assert
        Assert.EndsWith(" 1 Jan 2027, 00:30 (Europe/Berlin, UTC+01:00)", berlin);
        Assert.EndsWith("12:00 (America/New_York, UTC-04:00)", newYork);
    }
}
