using Portal.Core.Features.Recordings;
using Portal.Core.Zoom;

namespace Portal.Components.Pages.Recordings;

/// <summary>The status a recording stream answers when opening the file at Zoom fails.</summary>
internal static partial class DownloadFailure
{
    public static int? StatusOf(Exception e) => e switch
    {
        ZoomRangeNotSatisfiableException => StatusCodes.Status416RangeNotSatisfiable,
        RecordingAccessDeniedException => StatusCodes.Status404NotFound,
        ZoomApiException { IsNotFound: true } => StatusCodes.Status404NotFound,
        ZoomRateLimitException => StatusCodes.Status503ServiceUnavailable,
        ZoomApiException or ZoomOAuthException or ZoomUnavailableException or HttpRequestException or IOException => StatusCodes.Status502BadGateway,
        _ => null,
    };

    public static void Log(HttpContext http, Exception e, int? status)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DownloadFailure));
        if (status is null)
        {
            StreamBroken(logger, e);
        }
        else if (status >= 500)
        {
            ZoomFailed(logger, status.Value, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A recording download failed at Zoom; answered {Status}: {Reason}")]
    private static partial void ZoomFailed(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A recording stream broke off after it had started")]
    private static partial void StreamBroken(ILogger logger, Exception exception);
}
