using System.Text;
using Portal.Core.Features.Sessions;

namespace Portal.Tests.Core.Sessions;

public sealed class SessionCalendarTests
{
    /// <summary>A small RFC 5545 reader: CRLF lines, unfolded (CRLF + space), the VEVENT's properties by name.</summary>
    public static Dictionary<string, string> Parse(string ics)
    {
        Assert.EndsWith("\r\n", ics);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal));
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        var lines = unfolded.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        var inEvent = lines.SkipWhile(l => l != "BEGIN:VEVENT").Skip(1).TakeWhile(l => l != "END:VEVENT");
        return inEvent.Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    private static string Unescape(string text) => text
        .Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\,", ",", StringComparison.Ordinal)
        .Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [Fact]
    public void Write_LongTopicWithSpecialCharacters_FoldedEscapedUtcAndReadsBack()
    {
        // Arrange
        var summary = "Thesis, chapter 2; \"méthodes\" \\ results\nsecond line — " + new string('x', 120) + " 日本語の要約";
        var e = new SessionCalendar.Event("session-42-123456789@portal", new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 3, 29, 4, 30, 0, TimeSpan.FromHours(2)),
            summary, "Open this link to join: https://portal.example.edu/join/abc", new Uri("https://portal.example.edu/join/abc_-XYZ"));

        // Act
        var ics = SessionCalendar.Write(e);

        // Assert
        var properties = Parse(ics);
        Assert.Contains("VERSION:2.0\r\n", ics);
        Assert.Contains("PRODID:", ics);
        Assert.Equal("session-42-123456789@portal", properties["UID"]);
        Assert.Equal("20260329T003000Z", properties["DTSTAMP"]);
        Assert.Equal("20260329T013000Z", properties["DTSTART"]);
        Assert.Equal("20260329T023000Z", properties["DTEND"]);
        Assert.Equal(summary, Unescape(properties["SUMMARY"]));
        Assert.Equal("https://portal.example.edu/join/abc_-XYZ", properties["URL"]);
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        Assert.Contains("\r\n ", ics);
        Assert.All(ics.Split("\r\n"), line => Assert.False(line.Length > 0 && char.IsHighSurrogate(line[^1]), "a character split across lines"));
    }
}
