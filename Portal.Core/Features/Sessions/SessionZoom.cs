using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Connections;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>Zoom meetings for sessions: the request built from the defaults, a create that survives a timeout, and Zoom's refusals in plain words.</summary>
public sealed partial class SessionZoom(IZoomMeetings zoom, IOptions<SessionsOptions> options, TimeProvider clock, ILogger<SessionZoom> logger)
{
    private readonly SessionsOptions _options = options.Value;

    public ZoomMeetingRequest BuildMeetingRequest(string topic, DateTimeOffset startsAt, int minutes, string timeZone, string? notes)
    {
        var d = _options.Defaults;
        return new ZoomMeetingRequest(topic.Trim(), startsAt, minutes, timeZone, string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
            d.Passcode ? JoinTokens.NewPasscode() : null,
            new ZoomMeetingSettings(d.WaitingRoom, d.JoinBeforeHost, d.AutoRecording));
    }

    /// <summary>Creates a meeting; after a timeout, looks for it among the host's upcoming meetings before trying once more.</summary>
    public async Task<ZoomMeeting> CreateMeetingAsync(ZoomTarget target, string hostUserId, ZoomMeetingRequest request, CancellationToken ct)
    {
        try
        {
            return await zoom.CreateMeetingAsync(target, hostUserId, request, ct);
        }
        catch (ZoomUnavailableException ex)
        {
            LogCreateTimedOut(logger, ex, hostUserId);
            var upcoming = await zoom.ListUpcomingMeetingsAsync(target, hostUserId, ct);
            var found = upcoming.FirstOrDefault(m => m.Topic == request.Topic
                && m.StartTime is { } start && Math.Abs((start - request.StartTime).TotalSeconds) < 60);
            if (found is not null)
            {
                return await zoom.GetMeetingAsync(target, found.Id, ct) ?? found;
            }
            return await zoom.CreateMeetingAsync(target, hostUserId, request, ct);
        }
    }

    /// <summary>Deletes a meeting whose session could not be saved (or was moved); false when Zoom would not.</summary>
    public async Task<bool> TryDeleteMeetingAsync(ZoomTarget target, long meetingId)
    {
        try
        {
            await zoom.DeleteMeetingAsync(target, meetingId, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is ZoomApiException or ZoomUnavailableException or ZoomRateLimitException or ZoomOAuthException)
        {
            LogDeleteFailed(logger, ex, meetingId);
            return false;
        }
    }

    public void LogSaveFailed(Exception ex, long meetingId) => LogSaveFailedCore(logger, ex, meetingId);

    public SessionResult? Refusal(Exception ex, string hostName) => ex switch
    {
        ZoomRateLimitException { Daily: true } r => SessionResult.Refused(SessionRefusal.DailyLimit,
            $"Zoom's daily limit of meeting creates and updates for {hostName} is used up. It resets at {(r.ResetsAt ?? NextUtcMidnight()):yyyy-MM-dd HH:mm} UTC; try again after that."),
        ZoomRateLimitException => SessionResult.Refused(SessionRefusal.ZoomUnavailable, "Zoom is busy right now. Try again in a minute."),
        ZoomUnavailableException => SessionResult.Refused(SessionRefusal.ZoomUnavailable, "Zoom did not answer in time. Nothing was changed; try again in a minute."),
        ZoomApiException { Code: ZoomErrorCodes.UserCannotHost } => SessionResult.Refused(SessionRefusal.NoZoomUser, $"Zoom does not allow {hostName} to host meetings."),
        ZoomApiException a => SessionResult.Refused(SessionRefusal.ZoomRefused, $"Zoom refused: {a.ZoomMessage}"),
        AccountWideAccessRequiredException a => SessionResult.Refused(SessionRefusal.NotAccountWide, a.Message),
        ZoomOAuthException o => SessionResult.Refused(SessionRefusal.ZoomRefused, $"The Zoom connection's credentials were refused. {o.Advice}"),
        _ => null,
    };

    private DateTimeOffset NextUtcMidnight() => new(clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving the session failed after Zoom meeting {MeetingId} was created; deleting the meeting")]
    private static partial void LogSaveFailedCore(ILogger logger, Exception ex, long meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting Zoom meeting {MeetingId} failed")]
    private static partial void LogDeleteFailed(ILogger logger, Exception ex, long meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating a meeting for host {HostUserId} timed out; looking it up before retrying")]
    private static partial void LogCreateTimedOut(ILogger logger, Exception ex, string hostUserId);
}
