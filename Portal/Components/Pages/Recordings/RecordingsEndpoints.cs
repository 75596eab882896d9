using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Net.Http.Headers;
using Portal.Auth;
using Portal.Core.Features.Recordings;
using Portal.Core.Zoom;

namespace Portal.Components.Pages.Recordings;

/// <summary>Recording streams (signed-in staff) and the anonymous shared-recording page, all proxied through the portal.</summary>
public static class RecordingsEndpoints
{
    public static string FileUrl(RecordingItem r, RecordingFileItem f, bool download = false) => FileUrl(r.ConnectionId, r.Key, f.Id, download);

    public static string FileUrl(int connectionId, string meetingKey, string fileId, bool download = false) =>
        $"/recordings/files/{connectionId}/{meetingKey}/{Uri.EscapeDataString(fileId)}{(download ? "?download=1" : "")}";

    public static void MapRecordingsEndpoints(this WebApplication app)
    {
        app.MapGet("/recordings/files/{connectionId:int}/{meetingKey}/{fileId}", async (HttpContext http, IRecordingService recordings,
            int connectionId, string meetingKey, string fileId, string? download, CancellationToken ct) =>
        {
            if (!RecordingKeys.TryDecode(meetingKey, out var uuid))
            {
                return Results.NotFound();
            }
            var (from, to) = ParseRange(http);
            return await StreamAsync(http, async () => await recordings.OpenFileAsync(connectionId, uuid, fileId, from, to, ct), IsSet(download), ct);
        }).RequireAuthorization(Policies.Staff);

        app.MapGet("/shared/{token}", async (HttpContext http, IRecordingShareService shares, string token, CancellationToken ct) =>
        {
            NoStore(http);
            var view = await shares.OpenAsync(token, http.Connection.RemoteIpAddress?.ToString(), ct);
            return view switch
            {
                null => Results.Content(Page("Link not valid", "<h1>This link is not valid</h1><p>It may have expired or been revoked. Ask your teacher for a new link.</p>"),
                    "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound),
                // The viewer is anonymous: the connection's fix is not theirs to make, so the page says only that it failed.
                { Refusal: { } refusal } => Results.Content(Page("Recording not available",
                        "<h1>This recording cannot be shown right now</h1><p>Zoom did not hand it over. Please try again later.</p>"),
                    "text/html; charset=utf-8", Encoding.UTF8, DownloadFailure.StatusOf(refusal)),
                _ => Results.Content(SharedPage(token, view.Value!), "text/html; charset=utf-8", Encoding.UTF8),
            };
        }).AllowAnonymous().RequireRateLimiting(RecordingsFeature.SharedPagePolicy);

        app.MapGet("/shared/{token}/files/{fileId}", async (HttpContext http, IRecordingShareService shares, string token, string fileId,
            string? download, CancellationToken ct) =>
        {
            NoStore(http);
            var (from, to) = ParseRange(http);
            return await StreamAsync(http, () => shares.OpenFileAsync(token, fileId, from, to, http.Connection.RemoteIpAddress?.ToString(), ct),
                IsSet(download), ct);
        }).AllowAnonymous().RequireRateLimiting(RecordingsFeature.SharedStreamPolicy);
    }

    private static bool IsSet(string? flag) => flag is "1" or "true";

    internal static (long? From, long? To) ParseRange(HttpContext http)
    {
        var range = http.Request.GetTypedHeaders().Range;
        if (range is null || !range.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase) || range.Ranges.Count != 1)
        {
            return (null, null);
        }
        var r = range.Ranges.First();
        return r.From is null ? (null, null) : (r.From, r.To);
    }

    /// <summary>Opens the file at Zoom and passes it through; every way that can fail answers a status, never an unhandled exception.</summary>
    internal static async Task<IResult> StreamAsync(HttpContext http, Func<Task<ZoomResult<RecordingFileStream>?>> open, bool attachment, CancellationToken ct)
    {
        try
        {
            var opened = await open();
            if (opened?.Refusal is { } refusal)
            {
                return DownloadFailure.Answer(http, refusal);
            }
            await using var stream = opened?.Value;
            if (stream is null)
            {
                return Results.NotFound();
            }
            await WriteAsync(http, stream, attachment, ct);
            return Results.Empty;
        }
        catch (Exception e) when (!http.Response.HasStarted && DownloadFailure.StatusOf(e) is { } status)
        {
            DownloadFailure.Log(http, e, status);
            return Results.StatusCode(status);
        }
        catch (Exception e) when (http.Response.HasStarted && e is not OperationCanceledException)
        {
            // The status line is already sent: all that is left is to cut the connection so the client sees an incomplete body.
            DownloadFailure.Log(http, e, null);
            http.Abort();
            return Results.Empty;
        }
    }

    private static async Task WriteAsync(HttpContext http, RecordingFileStream stream, bool attachment, CancellationToken ct)
    {
        var d = stream.Download;
        var response = http.Response;
        response.StatusCode = d.Partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        var inlineType = InlineMediaType.Of(stream.ContentType);
        response.ContentType = inlineType ?? InlineMediaType.Download;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = "private, no-store";
        if (d.Partial && d.ContentRange is { Length: > 0 } contentRange)
        {
            response.Headers.ContentRange = contentRange;
        }
        if (d.ContentLength is { } length)
        {
            response.ContentLength = length;
        }
        var disposition = new ContentDispositionHeaderValue(attachment || inlineType is null ? "attachment" : "inline");
        disposition.SetHttpFileName(stream.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        await d.Content.CopyToAsync(response.Body, ct);
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    private static string SharedPage(string token, SharedRecordingView view)
    {
        var h = HtmlEncoder.Default;
        var baseUrl = $"/shared/{Uri.EscapeDataString(token)}/files/";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{h.Encode(view.Topic)}</h1>");
        sb.Append(CultureInfo.InvariantCulture,
            $"<p class=\"meta\">Recorded {view.StartTime:dddd d MMMM yyyy, HH:mm} UTC · {view.DurationMinutes} min{(view.RecipientName is null ? "" : $" · shared with {h.Encode(view.RecipientName)}")}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">This link works until {view.ExpiresAt:d MMMM yyyy, HH:mm} UTC. Please do not forward it.</p>");
        var player = view.Files.FirstOrDefault(f => f.Kind == RecordingFileKind.Video && f.Playable)
            ?? view.Files.FirstOrDefault(f => f.Kind == RecordingFileKind.Audio && f.Playable);
        if (player is not null)
        {
            var tag = player.Kind == RecordingFileKind.Video ? "video" : "audio";
            sb.Append(CultureInfo.InvariantCulture,
                $"<{tag} id=\"shared-player\" controls preload=\"metadata\" src=\"{baseUrl}{Uri.EscapeDataString(player.Id)}\" aria-label=\"Recording\"></{tag}>");
        }
        sb.Append("<h2>Files</h2><ul>");
        foreach (var f in view.Files)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<li><a href=\"{baseUrl}{Uri.EscapeDataString(f.Id)}?download=1\" download>{h.Encode(f.Label)}</a> ({FormatBytes(f.Size)})</li>");
        }
        sb.Append("</ul>");
        return Page(view.Topic, sb.ToString());
    }

    private static string Page(string title, string body) =>
        $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow"><title>{{HtmlEncoder.Default.Encode(title)}} · Portal</title>
        <style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2933}
        h1{font-size:1.6rem} .meta{color:#52606d} video{width:100%;max-height:70vh;background:#000;border-radius:6px;margin:1rem 0}
        audio{width:100%;margin:1rem 0} a{color:#0b5cad}</style></head>
        <body><main>{{body}}</main></body></html>
        """;

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0} KB",
        _ => $"{bytes} B",
    };
}
