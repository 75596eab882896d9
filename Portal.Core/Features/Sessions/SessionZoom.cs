using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Connections;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>Zoom meetings for sessions: the request built from the defaults, a create that survives a timeout, and Zoom's refusals as session results.</summary>
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
        catch (Exception ex) when (ZoomRefusal.IsZoomFailure(ex))
        {
            LogDeleteFailed(logger, ex, meetingId);
            return false;
        }
    }

    public void LogSaveFailed(Exception ex, long meetingId) => LogSaveFailedCore(logger, ex, meetingId);

    /// <summary>A failed Zoom call (or a connection that does not reach the host) as a refusal naming the host; null for anything else.</summary>
    public SessionResult? Refusal(Exception ex, string hostName) => ex switch
    {
        AccountWideAccessRequiredException a => SessionResult.Refused(SessionRefusal.NotAccountWide, a.Message),
        _ => ZoomRefusal.From(ex, clock, hostName) is { } zoom ? SessionResult.RefusedByZoom(zoom) : null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Saving the session failed after Zoom meeting {MeetingId} was created; deleting the meeting")]
    private static partial void LogSaveFailedCore(ILogger logger, Exception ex, long meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting Zoom meeting {MeetingId} failed")]
    private static partial void LogDeleteFailed(ILogger logger, Exception ex, long meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating a meeting for host {HostUserId} timed out; looking it up before retrying")]
    private static partial void LogCreateTimedOut(ILogger logger, Exception ex, string hostUserId);
}
