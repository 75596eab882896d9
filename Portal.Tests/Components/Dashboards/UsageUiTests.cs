using Portal.Components.Pages.Dashboards;
using Portal.Core.Features.Usage;
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

    [Fact]
    public void Thresholds_DifferentForStorageAndLicences_OneSentenceEach()
    {
        // Arrange
        var options = new UsageAlertOptions { StorageWarnPercent = 70, StorageCriticalPercent = 90, LicenceWarnPercent = 80, LicenceCriticalPercent = 95 };

        // Act
        var text = UsageUi.Thresholds(options);

        // Assert
        Assert.Equal("Storage: warning at 70% and critical at 90%. Licences: warning at 80% and critical at 95%.", text);
    }

    [Fact]
    public void StorageLine_SplitUnknownAndUnlimited_ReadsAsZoomShowsIt()
    {
        // Arrange
        const long gb = 1L << 30;
        var split = new StorageFigures("cmr_monthly_commitment_1tb", 1024 * gb, 5 * gb, 1029 * gb, 80 * gb, false, 0) { FreeUsedBytes = 5 * gb };
        var older = new StorageFigures("cmr_monthly_commitment_1tb", 1024 * gb, 0, 1024 * gb, 80 * gb, false, 0);
        var unlimited = new StorageFigures(null, null, null, null, 80 * gb, true, null);

        // Act + Assert
        Assert.Equal("80 GB used · plan storage 75 GB of 1 TB · free storage 5 GB of 5 GB", UsageUi.StorageLine(split));
        Assert.Equal("80 GB used of 1 TB plan storage", UsageUi.StorageLine(older));
        Assert.Equal("80 GB used of unlimited storage", UsageUi.StorageLine(unlimited));
    }
}
