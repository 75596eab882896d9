using System.Globalization;
using System.Text;

namespace Portal.Core.Features.Sessions;

/// <summary>
/// One session as an iCalendar file (RFC 5545): times in UTC, text escaped, lines folded at 75 octets. A changed session keeps its
/// UID with a higher SEQUENCE, so calendars update the event they have; a cancelled one is METHOD:CANCEL with STATUS:CANCELLED.
/// </summary>
public static class SessionCalendar
{
    public sealed record Event(string Uid, DateTimeOffset Stamp, DateTimeOffset Start, DateTimeOffset End, string Summary, string Description, Uri Url,
        int Sequence = 0, bool Cancelled = false);

    /// <summary>The session's event: one UID for its whole life (host changes and moves included), the sequence growing with each change.</summary>
    public static Event For(Session session, string hostName, Uri link, DateTimeOffset stamp) => new(
        $"session-{session.Id}@portal", stamp, session.StartsAt, session.EndsAt, session.Topic,
        $"Online session with {hostName}. Open this link to join: {link.AbsoluteUri}", link, SequenceOf(session),
        session.State != SessionState.Scheduled);

    /// <summary>Seconds from the session's creation to its last change: grows with every change, with no counter to keep.</summary>
    public static int SequenceOf(Session session) =>
        (int)Math.Clamp((session.UpdatedAt - session.CreatedAt).TotalSeconds, 0, int.MaxValue);

    public static string Write(Event e)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Portal//Sessions//EN",
            "CALSCALE:GREGORIAN",
            e.Cancelled ? "METHOD:CANCEL" : "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:" + Escape(e.Uid),
            "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture),
            "STATUS:" + (e.Cancelled ? "CANCELLED" : "CONFIRMED"),
            "DTSTAMP:" + Utc(e.Stamp),
            "DTSTART:" + Utc(e.Start),
            "DTEND:" + Utc(e.End),
            "SUMMARY:" + Escape(e.Summary),
            "DESCRIPTION:" + Escape(e.Description),
            "URL:" + e.Url.AbsoluteUri,
            "END:VEVENT",
            "END:VCALENDAR",
        };
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(text, line);
        }
        return text.ToString();
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Lines longer than 75 octets continue on the next line after CRLF and a space, never inside a UTF-8 character.</summary>
    private static void Fold(StringBuilder text, string line)
    {
        const int Limit = 75;
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > Limit)
            {
                text.Append("\r\n ");
                octets = 1;
            }
            text.Append(rune.ToString());
            octets += size;
        }
        text.Append("\r\n");
    }
}
