using Portal.Core.Features.Usage;

namespace Portal.Tests.Core.Usage;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(512L, "512 B")]
    [InlineData(1024L, "1 KB")]
    [InlineData(1536L, "1.5 KB")]
    [InlineData(500L * 1024 * 1024, "500 MB")]
    [InlineData(13421772800L, "12.5 GB")]
    [InlineData(1L << 40, "1 TB")]
    [InlineData((1L << 40) - 1, "1 TB")]
    [InlineData(300L << 30, "300 GB")]
    [InlineData(-(2L << 30), "-2 GB")]
    public void Format_KnownSizes_UsesBinaryUnits(long bytes, string expected)
    {
        // Act
        var text = ByteSize.Format(bytes);

        // Assert
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Format_Null_SaysUnknown()
    {
        // Act / Assert
        Assert.Equal("unknown", ByteSize.Format(null));
        Assert.Equal("–", ByteSize.Format(null, "–"));
    }
}
