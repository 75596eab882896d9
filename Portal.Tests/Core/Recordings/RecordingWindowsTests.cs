using Portal.Core.Features.Recordings;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Recordings;

public sealed class RecordingWindowsTests
{
    [Fact]
    public void Split_OneYear_GivesThirteenCalendarMonthWindowsNewestFirst()
    {
        // Act
        var windows = RecordingWindows.Split(new DateOnly(2025, 11, 25), new DateOnly(2026, 11, 25));

        // Assert
        Assert.Equal(13, windows.Count);
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 25)), windows[0]);
        Assert.Equal((new DateOnly(2025, 11, 25), new DateOnly(2025, 11, 30)), windows[^1]);
        Assert.All(windows, w => Assert.Equal(w.From.Month, w.To.Month));
        for (var i = 1; i < windows.Count; i++)
        {
            Assert.Equal(windows[i].To.AddDays(1), windows[i - 1].From);
        }
    }

    [Fact]
    public void Split_RangeCrossingMonthEndsAndLeapDay_CoversEveryDayOnce()
    {
        // Act
        var windows = RecordingWindows.Split(new DateOnly(2028, 1, 31), new DateOnly(2028, 3, 1));

        // Assert
        Assert.Equal(
            [(new DateOnly(2028, 3, 1), new DateOnly(2028, 3, 1)), (new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 29)), (new DateOnly(2028, 1, 31), new DateOnly(2028, 1, 31))],
            windows);
    }

    [Fact]
    public void Split_ReversedOrSingleDay_StillOneValidWindow()
    {
        Assert.Equal([(new DateOnly(2026, 5, 3), new DateOnly(2026, 5, 3))], RecordingWindows.Split(new DateOnly(2026, 5, 3), new DateOnly(2026, 5, 3)));
        Assert.Equal(2, RecordingWindows.Split(new DateOnly(2026, 6, 2), new DateOnly(2026, 5, 30)).Count);
    }

    [Theory]
    [InlineData("/ajXp112QmuoKj4854875==")]
    [InlineData("abc//def+ghi==")]
    [InlineData("4444AAAiAAAAAiAiAiiAii==")]
    public void Keys_UuidWithSlashesAndPlus_RoundTripUrlSafe(string uuid)
    {
        // Act
        var key = RecordingKeys.Encode(uuid);

        // Assert
        Assert.DoesNotContain('/', key);
        Assert.DoesNotContain('+', key);
        Assert.True(RecordingKeys.TryDecode(key, out var back));
        Assert.Equal(uuid, back);
    }

    [Fact]
    public void Keys_Garbage_IsRejected() => Assert.False(RecordingKeys.TryDecode("not base64!", out _));

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void Split_SixMonthsBackFromAnyDay_MatchesTheZoomClientsCalendarMonths(DateTimeOffset now)
    {
        // Arrange
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        // Act
        var windows = RecordingWindows.Split(today.AddMonths(-6), today);

        // Assert
        Assert.Equal(ZoomMonthWindows.Split(today.AddMonths(-6), today), windows);
        Assert.All(windows, w => Assert.True(ZoomMonthWindows.IsWithinOneMonth(w.From, w.To)));
    }
}
