using System.Globalization;
using System.Net;

namespace Portal.Core.Zoom;

internal sealed partial class ZoomClient
{
    private const int ScheduledMeeting = 2;

    public async Task<ZoomMeeting> CreateMeetingAsync(ZoomTarget target, string hostUserId, ZoomMeetingRequest request, CancellationToken ct = default)
    {
        var settings = request.Settings;
        var body = Json(new CreateMeetingWire(request.Topic, ScheduledMeeting, ZoomTime(request.StartTime), request.DurationMinutes, request.TimeZone,
                request.Agenda, request.Password,
                new MeetingSettingsWire(settings.WaitingRoom, settings.JoinBeforeHost, settings.AutoRecording, settings.MeetingAuthentication)),
            ZoomWireJson.Default.CreateMeetingWire);
        return MapMeeting(await SendAsync(target, HttpMethod.Post, "users/" + Segment(hostUserId) + "/meetings", ZoomRateCategory.Medium, body,
            ZoomWireJson.Default.MeetingWire, ct));
    }

    public async Task<ZoomMeeting?> GetMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default)
    {
        try
        {
            return MapMeeting(await GetAsync(target, MeetingPath(meetingId), ZoomRateCategory.Light, ZoomWireJson.Default.MeetingWire, ct));
        }
        catch (ZoomApiException ex) when (IsMeetingGone(ex))
        {
            return null;
        }
    }

    public async Task UpdateMeetingAsync(ZoomTarget target, long meetingId, ZoomMeetingUpdate update, CancellationToken ct = default)
    {
        var body = Json(new UpdateMeetingWire(update.Topic, update.StartTime is { } start ? ZoomTime(start) : null, update.DurationMinutes,
                update.TimeZone, update.Agenda, update.ScheduleFor),
            ZoomWireJson.Default.UpdateMeetingWire);
        using var _ = await SendAsync(target, HttpMethod.Patch, MeetingPath(meetingId), ZoomRateCategory.Light, body, ct);
    }

    public async Task<bool> DeleteMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default)
    {
        try
        {
            using var _ = await SendAsync(target, HttpMethod.Delete, MeetingPath(meetingId), ZoomRateCategory.Light, null, ct);
            return true;
        }
        catch (ZoomApiException ex) when (IsMeetingGone(ex))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ZoomMeeting>> ListUpcomingMeetingsAsync(ZoomTarget target, string hostUserId, CancellationToken ct = default)
    {
        var meetings = new List<ZoomMeeting>();
        var query = new Dictionary<string, string> { ["type"] = "upcoming" };
        await foreach (var (page, _) in PagesAsync(target, "users/" + Segment(hostUserId) + "/meetings", query, ZoomRateCategory.Medium,
            ZoomWireJson.Default.MeetingPageWire, ct))
        {
            meetings.AddRange((page.Meetings ?? []).Select(MapMeeting));
        }
        return meetings;
    }

    private static string MeetingPath(long meetingId) => "meetings/" + meetingId.ToString(CultureInfo.InvariantCulture);

    private static bool IsMeetingGone(ZoomApiException ex) =>
        ex.Code == ZoomErrorCodes.MeetingNotFound || (ex.Code is null && ex.Status == HttpStatusCode.NotFound);

    private static string ZoomTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static ZoomMeeting MapMeeting(MeetingWire m) => new(
        m.Id ?? 0,
        m.Uuid,
        m.HostId,
        m.HostEmail,
        m.Topic ?? "",
        m.StartTime,
        m.Duration ?? 0,
        m.Timezone,
        m.JoinUrl ?? "",
        m.StartUrl,
        m.Password);
}
