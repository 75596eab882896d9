namespace Portal.Core.Features.Notifications;

/// <summary>
/// What a message says, as plain text pieces; <see cref="MailComposer"/> turns it into the text and HTML parts (encoding every piece),
/// adds the institution's name and the link to the recipient's preferences. Never put a secret or a Zoom start link in it.
/// </summary>
public sealed record MailContent(string Subject, string Heading, IReadOnlyList<string> Paragraphs)
{
    /// <summary>The main button: the page that fixes the problem or shows the thing (an absolute URL, see <see cref="IPortalLinks"/>).</summary>
    public MailLink? Action { get; init; }

    /// <summary>Further links under the text.</summary>
    public IReadOnlyList<MailLink> Links { get; init; } = [];

    /// <summary>Headed lists under the text (a digest's items grouped by kind).</summary>
    public IReadOnlyList<MailSection> Sections { get; init; } = [];

    /// <summary>An .ics attachment (sessions).</summary>
    public MailCalendar? Calendar { get; init; }

    /// <summary>One line for a digest: what happened, without greeting.</summary>
    public string Summary => Paragraphs.Count > 0 ? Paragraphs[0] : Heading;
}

public sealed record MailLink(string Label, string Url);

public sealed record MailSection(string Heading, IReadOnlyList<MailItem> Items);

/// <summary>One line of a <see cref="MailSection"/>: a title (linked when <see cref="Url"/> is given) and what it says.</summary>
public sealed record MailItem(string Title, string? Detail, string? Url);

public sealed record MailCalendar(string FileName, string Content);
