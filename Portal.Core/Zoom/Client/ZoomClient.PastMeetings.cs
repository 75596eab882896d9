using System.Globalization;

namespace Portal.Core.Zoom;

internal sealed partial class ZoomClient : IZoomPastMeetings
{
    public async Task<ZoomPastMeeting?> GetPastMeetingAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default)
    {
        try
        {
            var m = await GetAsync(target, "past_meetings/" + ZoomUuid.EncodeForPath(meetingIdOrUuid), ZoomRateCategory.Light,
                ZoomWireJson.Default.PastMeetingWire, ct);
            return new ZoomPastMeeting(m.Id ?? 0, m.Uuid ?? meetingIdOrUuid, m.StartTime, m.EndTime, m.ParticipantsCount ?? 0, m.HostId);
        }
        catch (ZoomApiException ex) when (IsMeetingGone(ex))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ZoomPastParticipant>> ListPastParticipantsAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default)
    {
        var rows = new List<ZoomPastParticipant>();
        await foreach (var (page, _) in PagesAsync(target, "past_meetings/" + ZoomUuid.EncodeForPath(meetingIdOrUuid) + "/participants", [],
            ZoomRateCategory.Medium, ZoomWireJson.Default.PastParticipantPageWire, ct))
        {
            rows.AddRange((page.Participants ?? []).Select(p =>
                new ZoomPastParticipant(NullIfEmpty(p.Id), p.Name ?? "", NullIfEmpty(p.UserId), NullIfEmpty(p.UserEmail), p.JoinTime, p.LeaveTime)));
        }
        return rows;
    }

    public async Task<IReadOnlyList<ZoomPastInstance>> ListPastInstancesAsync(ZoomTarget target, long meetingId, CancellationToken ct = default)
    {
        var page = await GetAsync(target, "past_meetings/" + meetingId.ToString(CultureInfo.InvariantCulture) + "/instances", ZoomRateCategory.Medium,
            ZoomWireJson.Default.PastInstancesWire, ct);
        return (page.Meetings ?? []).Where(i => !string.IsNullOrEmpty(i.Uuid)).Select(i => new ZoomPastInstance(i.Uuid!, i.StartTime)).ToList();
    }

    public async Task<string?> GetMeetingStatusAsync(ZoomTarget target, long meetingId, CancellationToken ct = default)
    {
        try
        {
            return (await GetAsync(target, MeetingPath(meetingId), ZoomRateCategory.Light, ZoomWireJson.Default.MeetingStatusWire, ct)).Status;
        }
        catch (ZoomApiException ex) when (IsMeetingGone(ex))
        {
            return null;
        }
    }
}
