using Portal.Core.Features.Staff;

namespace Portal.Tests.Core.Staff;

public sealed class StaffSyncJobSummaryTests
{
    [Fact]
    public void Summary_StatusCounts_LabelsNotEnumNames()
    {
        // Arrange
        var run = new SyncRun { ZoomUsers = 279, PagesRead = 1, ZoomCalls = 2, CountsJson = """{"Ready":270,"NotInZoom":1,"InAnotherAccount":1}""" };

        // Act
        var summary = StaffSyncJob.Summary(run);

        // Assert
        Assert.Equal("279 Zoom users read in 1 page with 2 Zoom calls. Ready: 270, Not in Zoom: 1, In another account: 1.", summary);
    }

    [Fact]
    public void Summary_OneUserNoStatuses_SingularAndNoTrailingList()
    {
        // Arrange
        var run = new SyncRun { ZoomUsers = 1, PagesRead = 1, ZoomCalls = 1, CountsJson = "{}" };

        // Act
        var summary = StaffSyncJob.Summary(run);

        // Assert
        Assert.Equal("1 Zoom user read in 1 page with 1 Zoom call.", summary);
    }
}
