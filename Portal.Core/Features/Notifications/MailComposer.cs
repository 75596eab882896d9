using System.Net;
using System.Text;

namespace Portal.Core.Features.Notifications;

/// <summary>Builds the plain-text and HTML parts of a message; every piece of text is HTML-encoded, every header value is one line.</summary>
public static class MailComposer
{
    public sealed record Composed(string Subject, string Text, string Html);

    /// <param name="footerLink">The recipient's preferences page, or a client's one-click reminder opt-out.</param>
    public static Composed Compose(MailContent content, string institution, MailLink? footerLink)
    {
        var subject = OneLine(content.Subject);
        var text = new StringBuilder();
        text.Append(content.Heading).Append("\n\n");
        foreach (var paragraph in content.Paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }
        if (content.Action is { } action)
        {
            text.Append(action.Label).Append(": ").Append(action.Url).Append("\n\n");
        }
        foreach (var link in content.Links)
        {
            text.Append(link.Label).Append(": ").Append(link.Url).Append('\n');
        }
        foreach (var section in content.Sections)
        {
            text.Append('\n').Append(section.Heading).Append('\n');
            foreach (var item in section.Items)
            {
                text.Append("- ").Append(item.Title);
                text.Append(item.Detail is null ? "" : ": " + item.Detail).Append('\n');
                text.Append(item.Url is null ? "" : "  " + item.Url + "\n");
            }
        }
        text.Append("\n-- \n").Append(institution).Append('\n');
        if (footerLink is not null)
        {
            text.Append(footerLink.Label).Append(": ").Append(footerLink.Url).Append('\n');
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:Segoe UI,Arial,sans-serif;color:#1f2933;max-width:600px\">");
        html.Append("<h2 style=\"font-size:20px\">").Append(Encode(content.Heading)).Append("</h2>");
        foreach (var paragraph in content.Paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }
        if (content.Action is { } button)
        {
            html.Append("<p><a href=\"").Append(Encode(button.Url))
                .Append("\" style=\"display:inline-block;padding:10px 16px;background:#1565c0;color:#ffffff;border-radius:4px;text-decoration:none\">")
                .Append(Encode(button.Label)).Append("</a></p>");
        }
        if (content.Links.Count > 0)
        {
            html.Append("<ul>");
            foreach (var link in content.Links)
            {
                html.Append("<li><a href=\"").Append(Encode(link.Url)).Append("\">").Append(Encode(link.Label)).Append("</a></li>");
            }
            html.Append("</ul>");
        }
        foreach (var section in content.Sections)
        {
            html.Append("<h3 style=\"font-size:16px\">").Append(Encode(section.Heading)).Append("</h3><ul>");
            foreach (var item in section.Items)
            {
                html.Append("<li>");
                html.Append(item.Url is null ? Encode(item.Title) : $"<a href=\"{Encode(item.Url)}\">{Encode(item.Title)}</a>");
                html.Append(item.Detail is null ? "" : ": " + Encode(item.Detail)).Append("</li>");
            }
            html.Append("</ul>");
        }
        html.Append("<hr><p style=\"font-size:12px;color:#52606d\">").Append(Encode(institution));
        if (footerLink is not null)
        {
            html.Append(" &middot; <a href=\"").Append(Encode(footerLink.Url)).Append("\">").Append(Encode(footerLink.Label)).Append("</a>");
        }
        html.Append("</p></body></html>");
        return new Composed(subject, text.ToString(), html.ToString());
    }

    /// <summary>Header values (subject, display names) on one line: CR, LF and other control characters become spaces.</summary>
    public static string OneLine(string? value) =>
        string.Join(' ', new string((value ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
