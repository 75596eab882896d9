using Portal.Core.Zoom;

namespace Portal.Tests.Zoom;

public sealed class ZoomPlanNamesTests
{
    [Theory]
    [InlineData("cmr_monthly_commitment_1tb", "Cloud recording 1 TB, monthly commitment")]
    [InlineData("zoom_one_business_plus_monthly", "Zoom One Business Plus, monthly")]
    [InlineData("plan_base", "Meetings")]
    [InlineData("PLAN_UNITED", "Zoom United")]
    [InlineData("cmr_yearly_3tb", "Cloud recording yearly 3 TB")]
    [InlineData("zoom_one_education_annual", "Zoom One Education annual")]
    [InlineData("some-new_thing", "Some new thing")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Name_Code_HumanName(string? code, string expected)
    {
        // Act
        var name = ZoomPlanNames.Name(code);

        // Assert
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("plan_base", "monthly", "Meetings, monthly")]
    [InlineData("plan_base", null, "Meetings")]
    [InlineData("plan_zoom_one", "zoom_one_business_plus_monthly", "Zoom One Business Plus, monthly")]
    [InlineData("plan_united", "united_business_monthly", "Zoom United Business, monthly")]
    public void Licence_PlanAndType_OneName(string plan, string? type, string expected)
    {
        // Act
        var name = ZoomPlanNames.Licence(plan, type);

        // Assert
        Assert.Equal(expected, name);
    }

    [Fact]
    public void LicenceCodes_PlanAndType_BothCodesForTheTooltip()
    {
        // Act
        var codes = ZoomPlanNames.LicenceCodes("plan_zoom_one", "zoom_one_business_plus_monthly");

        // Assert
        Assert.Equal("plan_zoom_one · zoom_one_business_plus_monthly", codes);
    }
}
