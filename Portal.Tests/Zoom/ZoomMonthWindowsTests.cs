using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Zoom;

public class ZoomMonthWindowsTests
{
    [Fact]
    public void Split_SixMonths_ReturnsCalendarMonthsNewestFirst()
    {
        var windows = ZoomMonthWindows.Split(new DateOnly(2026, 5, 20), new DateOnly(2026, 11, 25));

        Assert.Equal(
            [
                (new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 25)),
                (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)),
                (new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)),
                (new DateOnly(2026, 8, 1), new DateOnly(2026, 8, 31)),
                (new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31)),
                (new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30)),
                (new DateOnly(2026, 5, 20), new DateOnly(2026, 5, 31)),
            ],
            windows);
    }

    [Fact]
    public void Split_WithinOneMonth_ReturnsOneWindow()
    {
        var windows = ZoomMonthWindows.Split(new DateOnly(2026, 2, 3), new DateOnly(2026, 2, 10));

        Assert.Equal([(new DateOnly(2026, 2, 3), new DateOnly(2026, 2, 10))], windows);
    }

    [Fact]
    public void Split_AcrossYearAndLeapFebruary_CoversEveryDayOnce()
    {
        var from = new DateOnly(2023, 12, 15);
        var to = new DateOnly(2024, 3, 2);

        var windows = ZoomMonthWindows.Split(from, to);

        var days = windows.SelectMany(w => Enumerable.Range(0, w.To.DayNumber - w.From.DayNumber + 1).Select(w.From.AddDays)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays), days);
        Assert.Contains((new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 29)), windows);
        Assert.All(windows, w => Assert.True(ZoomMonthWindows.IsWithinOneMonth(w.From, w.To)));
    }

    [Fact]
    public void Split_FromAfterTo_ReturnsNothing()
    {
        Assert.Empty(ZoomMonthWindows.Split(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1)));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-01-31", true)]
    [InlineData("2026-01-15", "2026-02-15", true)]
    [InlineData("2026-01-15", "2026-02-16", false)]
    [InlineData("2026-02-01", "2026-01-31", false)]
    public void IsWithinOneMonth_Ranges_AsZoomAllows(string from, string to, bool expected)
    {
        Assert.Equal(expected, ZoomMonthWindows.IsWithinOneMonth(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void Split_SevenMonthsBackFromAnyDay_CoversEveryDayOnceInWindowsZoomAccepts(DateTimeOffset now)
    {
        // Arrange
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = today.AddMonths(-7);

        // Act
        var windows = ZoomMonthWindows.Split(from, today);

        // Assert
        Assert.Equal(Enumerable.Range(0, today.DayNumber - from.DayNumber + 1).Select(from.AddDays),
            windows.Reverse().SelectMany(w => Enumerable.Range(0, w.To.DayNumber - w.From.DayNumber + 1).Select(w.From.AddDays)));
        Assert.All(windows, w => Assert.Equal((w.From.Year, w.From.Month), (w.To.Year, w.To.Month)));
        Assert.All(windows, w => Assert.True(ZoomMonthWindows.IsWithinOneMonth(w.From, w.To)));
    }
}
