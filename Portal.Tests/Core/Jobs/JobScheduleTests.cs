using Microsoft.Extensions.Configuration;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Jobs;

public sealed class JobScheduleTests
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 25, 10, 15, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("  ")]
    public void Parse_Off_IsOffWithNoNextRun(string text)
    {
        // Act
        var schedule = JobSchedule.Parse(text);

        // Assert
        Assert.True(schedule.IsOff);
        Assert.Null(schedule.NextAfter(s_at));
        Assert.Equal("off", schedule.ToString());
    }

    [Fact]
    public void Parse_Interval_NextIsLastPlusInterval()
    {
        // Act
        var schedule = JobSchedule.Parse("01:00:00");

        // Assert
        Assert.Equal(TimeSpan.FromHours(1), schedule.Interval);
        Assert.Equal(s_at.AddHours(1), schedule.NextAfter(s_at));
        Assert.Equal("every hour", schedule.ToString());
    }

    [Theory]
    [InlineData("daily 02:00", "2026-11-26T02:00:00Z")]
    [InlineData("daily 23:30", "2026-11-25T23:30:00Z")]
    [InlineData("Daily 10:15", "2026-11-26T10:15:00Z")]
    [InlineData("daily 7:05", "2026-11-25T07:05:00Z")]
    public void Parse_Daily_NextIsTheNextSuchUtcTimeAfterLast(string text, string expected)
    {
        // Arrange: for "daily 7:05" the last run was the day before, so the next is this morning.
        var last = text == "daily 7:05" ? new DateTimeOffset(2026, 11, 24, 10, 15, 0, TimeSpan.Zero) : s_at;

        // Act
        var next = JobSchedule.Parse(text).NextAfter(last);

        // Assert
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("nightly")]
    [InlineData("daily 25:00")]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    public void Parse_Invalid_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => JobSchedule.Parse(text));
    }

    [Fact]
    public void ScheduleOf_ConfiguredSchedule_OverridesDefault()
    {
        // Arrange: bound as the portal binds it, from the whole Jobs section (plain keys such as Enabled included).
        var job = new DatabaseMaintenanceJob(null!, null!, TimeProvider.System);
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "true",
            ["Jobs:databasemaintenance:Schedule"] = "06:00:00",
            ["Jobs:DatabaseMaintenance:KeepDays"] = "30",
        }).Build();
        var settings = new JobSettingsByName();
        configured.GetSection(JobsOptions.Section).Bind(settings);

        // Act
        var fromConfiguration = settings.ScheduleOf(job);
        var fromDefault = new JobSettingsByName().ScheduleOf(job);

        // Assert
        Assert.Equal(TimeSpan.FromHours(6), fromConfiguration.Interval);
        Assert.Equal(new TimeOnly(3, 30), fromDefault.DailyAtUtc);
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void NextAfter_DailyOnAnyDay_IsTheNextSuchUtcTimeWithinADay(DateTimeOffset now)
    {
        foreach (var at in new[] { new TimeOnly(0, 0), new TimeOnly(1, 0), new TimeOnly(2, 30), new TimeOnly(23, 30) })
        {
            // Act
            var next = new JobSchedule(null, at).NextAfter(now)!.Value;

            // Assert
            Assert.Equal(TimeSpan.Zero, next.Offset);
            Assert.Equal(at, TimeOnly.FromDateTime(next.UtcDateTime));
            Assert.InRange(next - now, TimeSpan.FromTicks(1), TimeSpan.FromDays(1));
        }
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void NextAfter_LastRunGivenInLocalTime_IsTheSameUtcInstant(DateTimeOffset now)
    {
        // Arrange: a start time read back with a local offset (New York, either side of its clock change).
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var local = TimeZoneInfo.ConvertTime(now, newYork);
        var schedule = JobSchedule.Parse("daily 03:30");

        // Act
        var fromLocal = schedule.NextAfter(local);
        var fromUtc = schedule.NextAfter(now);

        // Assert
        Assert.Equal(fromUtc, fromLocal);
    }
}
