using System.Text;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;

namespace Portal.Core.Features.Notifications;

/// <summary>Turns an outbox row into the MIME message that goes out; every header value is one line, so nothing can be injected.</summary>
public static class MailMessages
{
    /// <summary>A new Message-ID (without angle brackets) in the sender's domain, chosen once when the message is queued.</summary>
    public static string NewMessageId(string? from)
    {
        var at = from?.LastIndexOf('@') ?? -1;
        var domain = at > 0 && from!.Length > at + 1 ? from[(at + 1)..].Trim().ToLowerInvariant() : "portal";
        return $"{Guid.NewGuid():N}@{domain}";
    }

    public static MimeMessage Build(OutboxMessage row, EmailOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(MailComposer.OneLine(options.InstitutionName), options.From?.Trim() ?? ""));
        message.To.Add(new MailboxAddress(MailComposer.OneLine(row.ToName), row.ToAddress));
        message.Subject = MailComposer.OneLine(row.Subject);
        message.MessageId = row.MessageId;
        message.Date = row.CreatedAt;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (UnsubscribeUri(row.UnsubscribeUrl) is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        var parts = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = row.TextBody },
            new TextPart(TextFormat.Html) { Text = row.HtmlBody },
        };
        message.Body = row.CalendarContent is { } calendar ? new Multipart("mixed") { parts, CalendarPart(row.CalendarFileName, calendar) } : parts;
        return message;
    }

    public static SecureSocketOptions SocketOptions(string security) => security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "sslonconnect" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    public static readonly IReadOnlyList<string> SecurityChoices = ["Auto", "None", "StartTls", "SslOnConnect"];

    private static MimePart CalendarPart(string? fileName, string content)
    {
        var part = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(content))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = MailComposer.OneLine(fileName) is { Length: > 0 } name ? name : "invitation.ics" },
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        part.ContentType.Charset = "utf-8";
        part.ContentType.Parameters.Add("method", "PUBLISH");
        return part;
    }

    // Only an absolute http(s) address, escaped by Uri, goes between the angle brackets.
    private static string? UnsubscribeUri(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;
}
