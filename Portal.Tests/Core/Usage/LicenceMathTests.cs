using Portal.Core.Features.Usage;
using Portal.Core.Zoom;

namespace Portal.Tests.Core.Usage;

public sealed class LicenceMathTests
{
    [Fact]
    public void Sum_SeveralHostPlans_AddsPurchasedAndAssigned()
    {
        // Arrange
        var plans = LicenceMath.FromZoom([
            new ZoomPlanLicences("plan_base", "monthly", 100, 87, 3),
            new ZoomPlanLicences("plan_zoom_one", "zoom_one_business", 50, 48, 0),
            new ZoomPlanLicences("plan_united", null, 10, 2, null),
        ]);

        // Act
        var total = LicenceMath.Sum(plans);

        // Assert
        Assert.Equal(160, total.Purchased);
        Assert.Equal(137, total.Assigned);
        Assert.Equal(23, total.Free);
        Assert.Equal(3, total.Plans.Count);
        Assert.Equal(85.6, total.Percent!.Value, 1);
    }

    [Fact]
    public void Sum_AddOnPlans_AreListedButNotCounted()
    {
        // Arrange
        var plans = new List<PlanLicenceFigures>
        {
            new("plan_base", null, 20, 20, null),
            new("plan_webinar", "webinar500", 2, 1, null),
            new("plan_large_meeting", null, 5, 5, null),
            new("plan_zoom_rooms", null, 3, 3, null),
        };

        // Act
        var total = LicenceMath.Sum(plans);

        // Assert
        Assert.Equal(20, total.Purchased);
        Assert.Equal(20, total.Assigned);
        Assert.Equal(0, total.Free);
        Assert.Equal(4, total.Plans.Count);
    }

    [Fact]
    public void Sum_NoPlans_FallsBackToTheGivenTotals()
    {
        // Act
        var refused = LicenceMath.Sum([], purchasedFallback: null, assignedFallback: 42);

        // Assert
        Assert.Null(refused.Purchased);
        Assert.Equal(42, refused.Assigned);
        Assert.Null(refused.Free);
        Assert.Null(refused.Percent);
    }

    [Fact]
    public void PlanFree_OverAssigned_IsNeverNegative()
    {
        // Assert
        Assert.Equal(0, new PlanLicenceFigures("plan_base", null, 5, 7, null).Free);
    }
}
