using Portal.Core.Zoom;

namespace Portal.Tests.Zoom;

public class ZoomSizeParserTests
{
    [Theory]
    [InlineData("12.5 GB", 13421772800L)]
    [InlineData("500 MB", 524288000L)]
    [InlineData("1 TB", 1099511627776L)]
    [InlineData("0", 0L)]
    [InlineData("1.2GB", 1288490189L)]
    [InlineData(" 300 gb ", 322122547200L)]
    [InlineData("1,024 MB", 1073741824L)]
    [InlineData("5 KB", 5120L)]
    public void Parse_KnownUnits_ReturnsBytes(string raw, long expected)
    {
        var size = ZoomSizeParser.Parse(raw);

        Assert.Equal(expected, size.Bytes);
        Assert.False(size.Unlimited);
    }

    [Theory]
    [InlineData("Unlimited")]
    [InlineData("unlimited")]
    public void Parse_Unlimited_IsUnlimitedWithoutBytes(string raw)
    {
        var size = ZoomSizeParser.Parse(raw);

        Assert.True(size.Unlimited);
        Assert.Null(size.Bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("12 XB")]
    [InlineData("lots")]
    [InlineData("GB 12")]
    public void Parse_EmptyOrUnknown_IsUnknown(string? raw)
    {
        var size = ZoomSizeParser.Parse(raw);

        Assert.Null(size.Bytes);
        Assert.False(size.Unlimited);
    }

    [Fact]
    public void Storage_RemainingDerived_IsAllotmentsMinusUsages()
    {
        var storage = new ZoomStorage("monthly", ZoomSizeParser.Parse("5 GB"), ZoomSizeParser.Parse("1 GB"),
            ZoomSizeParser.Parse("1 TB"), ZoomSizeParser.Parse("300 GB"), ZoomSizeParser.Parse("0"), null);

        Assert.Equal((5L << 30) + (1L << 40) - (1L << 30) - (300L << 30), storage.RemainingBytesDerived);
    }
}
