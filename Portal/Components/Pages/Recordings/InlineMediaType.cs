using Microsoft.Net.Http.Headers;

namespace Portal.Components.Pages.Recordings;

/// <summary>
/// The media types a recording stream may be shown inline with: video, audio and text transcripts. Whatever else Zoom
/// sends goes out as an application/octet-stream attachment, so no file can be rendered as a page of the portal.
/// </summary>
internal static class InlineMediaType
{
    public const string Download = "application/octet-stream";

    /// <summary>The clean media type to send inline, or null when the file must only be downloaded.</summary>
    public static string? Of(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return null;
        }
        mediaType = mediaType.ToLowerInvariant();
        if (mediaType.StartsWith("video/", StringComparison.Ordinal) || mediaType.StartsWith("audio/", StringComparison.Ordinal))
        {
            return mediaType;
        }
        return mediaType is "text/vtt" or "text/plain" ? $"{mediaType}; charset={parsed.Charset.Value ?? "utf-8"}" : null;
    }
}
