using Portal.Core.Features.SessionRecordings;

namespace Portal.Tests.Core.SessionRecordings;

public sealed class PublishWindowTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);
    private static readonly RecordingPublishOptions s_options = new() { RecordingPublishDefault = TimeSpan.FromDays(14), RecordingPublishMax = TimeSpan.FromDays(30) };

    [Fact]
    public void Until_NoDurationChosen_LastsTheDefault()
    {
        // Act
        var (until, refusal) = PublishWindow.Until(s_now, null, s_options);

        // Assert
        Assert.Null(refusal);
        Assert.Equal(new DateTimeOffset(2027, 1, 14, 23, 30, 0, TimeSpan.Zero), until);
    }

    [Fact]
    public void Until_ExactlyTheMaximum_IsAllowed()
    {
        // Act
        var (until, refusal) = PublishWindow.Until(s_now, TimeSpan.FromDays(30), s_options);

        // Assert
        Assert.Null(refusal);
        Assert.Equal(s_now.AddDays(30), until);
    }

    [Fact]
    public void Until_AboveTheMaximum_RefusedNamingTheMaximum()
    {
        // Act
        var (until, refusal) = PublishWindow.Until(s_now, TimeSpan.FromDays(30).Add(TimeSpan.FromSeconds(1)), s_options);

        // Assert
        Assert.Null(until);
        Assert.Equal("A recording can be published for at most 30 days.", refusal);
    }

    [Fact]
    public void Until_ZeroOrNegative_Refused()
    {
        // Act
        var zero = PublishWindow.Until(s_now, TimeSpan.Zero, s_options);
        var negative = PublishWindow.Until(s_now, TimeSpan.FromDays(-1), s_options);

        // Assert
        Assert.NotNull(zero.Refusal);
        Assert.NotNull(negative.Refusal);
    }

    [Fact]
    public void IsPublished_AroundTheEnd_OnBeforeOffAtAndAfterNeverWhenUnset()
    {
        // Arrange
        var until = s_now.AddHours(1);

        // Act + Assert
        Assert.True(PublishWindow.IsPublished(until, until.AddTicks(-1)));
        Assert.False(PublishWindow.IsPublished(until, until));
        Assert.False(PublishWindow.IsPublished(until, until.AddDays(1)));
        Assert.False(PublishWindow.IsPublished(null, s_now));
    }
}
