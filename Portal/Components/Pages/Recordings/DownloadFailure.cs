using System.Globalization;
using Portal.Core.Features.Recordings;
using Portal.Core.Zoom;

namespace Portal.Components.Pages.Recordings;

/// <summary>The status a recording stream answers when Zoom refuses the file, or when the stream fails before it starts.</summary>
internal static partial class DownloadFailure
{
    public static int StatusOf(ZoomRefusal refusal) => refusal.Kind switch
    {
        ZoomRefusalKind.RangeNotSatisfiable => StatusCodes.Status416RangeNotSatisfiable,
        ZoomRefusalKind.UserNotFound or ZoomRefusalKind.MeetingNotFound or ZoomRefusalKind.RecordingNotFound or ZoomRefusalKind.NotFound
            => StatusCodes.Status404NotFound,
        ZoomRefusalKind.RateLimited or ZoomRefusalKind.DailyLimit => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status502BadGateway,
    };

    /// <summary>The answer to a refused file: its status, with Retry-After for limits and Content-Range for a range past the end.</summary>
    public static IResult Answer(HttpContext http, ZoomRefusal refusal)
    {
        var status = StatusOf(refusal);
        if (refusal.FileLength is { } length)
        {
            http.Response.Headers.ContentRange = $"bytes */{length}";
        }
        if (status == StatusCodes.Status429TooManyRequests)
        {
            http.Response.Headers.RetryAfter = refusal.RetryAt is { } at ? at.ToString("R", CultureInfo.InvariantCulture) : "60";
        }
        if (status >= 500)
        {
            ZoomFailed(Logger(http), status, refusal.Reason);
        }
        return Results.StatusCode(status);
    }

    /// <summary>Failures of the portal itself or of the transfer before anything was sent; null for anything else.</summary>
    public static int? StatusOf(Exception e) => e switch
    {
        RecordingAccessDeniedException => StatusCodes.Status404NotFound,
        HttpRequestException or IOException => StatusCodes.Status502BadGateway,
        _ => null,
    };

    public static void Log(HttpContext http, Exception e, int? status)
    {
        if (status is null)
        {
            StreamBroken(Logger(http), e);
        }
        else if (status >= 500)
        {
            ZoomFailed(Logger(http), status.Value, e.Message);
        }
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DownloadFailure));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A recording download failed at Zoom; answered {Status}: {Reason}")]
    private static partial void ZoomFailed(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A recording stream broke off after it had started")]
    private static partial void StreamBroken(ILogger logger, Exception exception);
}
