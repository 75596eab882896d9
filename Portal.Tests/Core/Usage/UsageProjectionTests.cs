using Portal.Core.Features.Usage;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Usage;

public sealed class UsageProjectionTests
{
    private static readonly DateOnly s_today = new(2026, 11, 25);

    private static List<DailyValue> Line(int days, double start, double perDay) =>
        Enumerable.Range(0, days).Select(i => new DailyValue(s_today.AddDays(i - days + 1), start + perDay * i)).ToList();

    [Fact]
    public void Project_SteadyRise_ProjectsTheDayTheCapacityIsReached()
    {
        // Arrange: 10 a day, at 600 today, capacity 1000 -> 40 days left
        var points = Line(30, 310, 10);

        // Act
        var p = UsageProjection.Project(points, 1000, s_today);

        // Assert
        Assert.Equal(s_today.AddDays(40), p.RunsOutOn);
        Assert.Equal(10, p.PerDay!.Value, 6);
        Assert.Equal(40, p.DaysLeft(s_today));
    }

    [Fact]
    public void Project_NoisyRise_UsesTheLeastSquaresSlope()
    {
        // Arrange: alternating +-5 around a 2-a-day trend
        var points = Enumerable.Range(0, 20).Select(i => new DailyValue(s_today.AddDays(i - 19), 100 + 2 * i + (i % 2 == 0 ? 5 : -5))).ToList();

        // Act
        var p = UsageProjection.Project(points, 1000, s_today);

        // Assert
        Assert.InRange(p.PerDay!.Value, 1.8, 2.2);
        Assert.NotNull(p.RunsOutOn);
    }

    [Fact]
    public void Project_FlatOrFalling_NeverRunsOut()
    {
        // Act
        var flat = UsageProjection.Project(Line(10, 500, 0), 1000, s_today);
        var falling = UsageProjection.Project(Line(10, 500, -3), 1000, s_today);

        // Assert
        Assert.Null(flat.RunsOutOn);
        Assert.Null(falling.RunsOutOn);
        Assert.Contains("Not rising", falling.Text);
    }

    [Fact]
    public void Project_AlreadyFull_RunsOutToday()
    {
        // Act
        var p = UsageProjection.Project(Line(5, 990, 5), 1000, s_today);

        // Assert
        Assert.Equal(s_today, p.RunsOutOn);
    }

    [Fact]
    public void Project_TooFewDaysOrNoCapacity_GivesNoDate()
    {
        // Act
        var few = UsageProjection.Project(Line(2, 100, 50), 1000, s_today);
        var unlimited = UsageProjection.Project(Line(30, 100, 50), null, s_today);

        // Assert
        Assert.Null(few.RunsOutOn);
        Assert.Contains("Not enough history", few.Text);
        Assert.Null(unlimited.RunsOutOn);
    }

    [Fact]
    public void Project_VerySlowRise_SaysMoreThanTenYears()
    {
        // Act
        var p = UsageProjection.Project(Line(30, 100, 0.01), 1000, s_today);

        // Assert
        Assert.Null(p.RunsOutOn);
        Assert.Contains("more than 10 years", p.Text);
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void Project_SteadyRiseEndingOnAnyDay_CountsWholeDaysAcrossMonthEndsAndClockChanges(DateTimeOffset now)
    {
        // Arrange: one snapshot a day for the last 30 days, 10 a day, at 600 today, capacity 1000 -> 40 days left
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var points = Enumerable.Range(0, 30).Select(i => new DailyValue(today.AddDays(i - 29), 310 + 10 * i)).ToList();

        // Act
        var p = UsageProjection.Project(points, 1000, today);

        // Assert
        Assert.Equal(today.AddDays(40), p.RunsOutOn);
        Assert.Equal(10, p.PerDay!.Value, 6);
        Assert.Equal(40, p.DaysLeft(today));
    }
}
