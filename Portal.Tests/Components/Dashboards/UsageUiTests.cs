using Portal.Components.Pages.Dashboards;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Dashboards;

public sealed class UsageUiTests
{
    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void Age_OnAnyDay_CountsElapsedTimeNotCalendarDays(DateTimeOffset now)
    {
        // Arrange: the same instants also written with New York's offset, which changes on its clock-change days.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        string Age(TimeSpan ago) => UsageUi.Age(TimeZoneInfo.ConvertTime(now - ago, newYork), now);

        // Act + Assert
        Assert.Equal("just now", Age(TimeSpan.FromSeconds(30)));
        Assert.Equal("59 min ago", Age(TimeSpan.FromMinutes(59)));
        Assert.Equal("23 h ago", Age(TimeSpan.FromHours(23.9)));
        Assert.Equal("1 day ago", Age(TimeSpan.FromHours(24)));
        Assert.Equal("1 day ago", Age(TimeSpan.FromHours(47)));
        Assert.Equal("3 days ago", Age(TimeSpan.FromDays(3)));
        Assert.Equal("31 days ago", Age(TimeSpan.FromDays(31)));
    }
}
