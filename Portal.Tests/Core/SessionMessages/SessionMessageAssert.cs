using Portal.Core.Features.Notifications;

namespace Portal.Tests.Core.SessionMessages;

/// <summary>Reading queued messages: the .ics's calendar-level and event-level properties, and the link a message carries.</summary>
internal static class SessionMessageAssert
{
    /// <summary>Every property of the file (unfolded), calendar and event alike; the file must be well-formed CRLF lines.</summary>
    public static Dictionary<string, string> Calendar(OutboxMessage message)
    {
        Assert.Equal("invitation.ics", message.CalendarFileName);
        var ics = message.CalendarContent!;
        Assert.EndsWith("\r\n", ics);
        var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        return lines.Where(l => !l.StartsWith("BEGIN:", StringComparison.Ordinal) && !l.StartsWith("END:", StringComparison.Ordinal))
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary>The message's text and HTML parts both carry the link, and no Zoom start link.</summary>
    public static void Carries(OutboxMessage message, string link)
    {
        Assert.Contains(link, message.TextBody);
        Assert.Contains("href=\"" + link + "\"", message.HtmlBody);
        Assert.DoesNotContain("zoom.us/s/", message.TextBody);
        Assert.DoesNotContain("zoom.us/s/", message.HtmlBody);
    }
}
