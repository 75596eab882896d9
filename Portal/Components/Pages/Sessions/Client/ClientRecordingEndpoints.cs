using Portal.Components.Pages.Recordings;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.SessionRecordings;

namespace Portal.Components.Pages.Sessions.Client;

/// <summary>The session's published recording, streamed to its client through the portal by the client's join token.</summary>
public static class ClientRecordingEndpoints
{
    public static string FileUrl(string token, string fileId) => $"/join/{Uri.EscapeDataString(token)}/recording/{Uri.EscapeDataString(fileId)}";

    public static void MapClientRecordingEndpoints(this WebApplication app)
    {
        // A player asks for many ranges while the client seeks: the stream limit of shared recordings, not the join page's.
        app.MapGet("/join/{token}/recording/{fileId}", async (HttpContext http, IClientRecordingService recordings, string token, string fileId,
            CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers["X-Robots-Tag"] = "noindex";
            var (from, to) = RecordingsEndpoints.ParseRange(http);
            var outcome = ClientFileOutcome.NotFound;
            var answer = await RecordingsEndpoints.StreamAsync(http, async () =>
            {
                var file = await recordings.OpenFileAsync(token, fileId, from, to, http.Connection.RemoteIpAddress?.ToString(), ct);
                outcome = file.Outcome;
                return file.Opened;
            }, attachment: false, ct);
            // Unpublished, past its time or gone from Zoom: 410, so the player stops rather than retrying.
            return outcome == ClientFileOutcome.Gone ? Results.StatusCode(StatusCodes.Status410Gone) : answer;
        }).AllowAnonymous().RequireRateLimiting(RecordingsFeature.SharedStreamPolicy);
    }
}
