using Portal.Core.Text;

namespace Portal.Tests.Core.Text;

public sealed class PluralTests
{
    [Theory]
    [InlineData(0, "licensed user", null, "0 licensed users")]
    [InlineData(1, "licensed user", null, "1 licensed user")]
    [InlineData(2, "day", null, "2 days")]
    [InlineData(1, "day", null, "1 day")]
    [InlineData(1, "entry", "entries", "1 entry")]
    [InlineData(3, "entry", "entries", "3 entries")]
    [InlineData(12345, "recording", null, "12,345 recordings")]
    public void Of_Count_NounInTheRightNumber(long count, string singular, string? plural, string expected)
    {
        // Act
        var text = Plural.Of(count, singular, plural);

        // Assert
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Noun_One_Singular_Otherwise_Plural()
    {
        // Act
        var one = Plural.Noun(1, "scope");
        var two = Plural.Noun(2, "scope");

        // Assert
        Assert.Equal("scope", one);
        Assert.Equal("scopes", two);
    }
}
