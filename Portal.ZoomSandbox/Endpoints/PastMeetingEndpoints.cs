using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Portal.ZoomSandbox.Endpoints.SandboxHttp;

namespace Portal.ZoomSandbox.Endpoints;

/// <summary>/past_meetings as Zoom's spec describes it: ended instances only (3001 until then), a year back at most (12702), participants on paid plans.</summary>
internal static class PastMeetingEndpoints
{
    private static readonly string[] DetailScopes = ["meeting:read:past_meeting:admin", "meeting:read:admin", "meeting:read:past_meeting"];
    private static readonly string[] ParticipantScopes = ["meeting:read:list_past_participants:admin", "meeting:read:admin", "meeting:read:list_past_participants"];
    private static readonly string[] InstanceScopes = ["meeting:read:list_past_instances:admin", "meeting:read:admin", "meeting:read:list_past_instances"];

    public static void Map(RouteGroupBuilder v2)
    {
        v2.Api("GET", "/past_meetings/{meetingId}", SandboxRateCategory.Light, DetailScopes, DetailsAsync);
        v2.Api("GET", "/past_meetings/{meetingId}/participants", SandboxRateCategory.Medium, ParticipantScopes, ParticipantsAsync);
        v2.Api("GET", "/past_meetings/{meetingId}/instances", SandboxRateCategory.Medium, InstanceScopes, InstancesAsync);
    }

    private static (SandboxMeeting? Meeting, SandboxInstance? Instance, IResult? Error) Find(ApiCall call)
    {
        var raw = MeetingIdFromRawPath(call.Http, "/past_meetings/", call.Http.Request.RouteValues["meetingId"]!.ToString()!);
        SandboxMeeting? meeting;
        SandboxInstance? instance;
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            meeting = call.State.Meetings.GetValueOrDefault(id);
            instance = meeting?.Past.LastOrDefault();
        }
        else
        {
            meeting = call.State.Meetings.Values.FirstOrDefault(m => m.Past.Any(i => i.Uuid == raw));
            instance = meeting?.Past.First(i => i.Uuid == raw);
        }
        if (meeting is null || meeting.AccountId != call.Account.Id || instance is null)
        {
            return (null, null, Error(404, 3001, "The meeting ID is invalid or the meeting has not ended."));
        }
        if (instance.Start < call.Now.AddYears(-1))
        {
            return (null, null, Error(400, 12702, "Can not access a meeting a year ago."));
        }
        return (meeting, instance, null);
    }

    private static Task<IResult> DetailsAsync(ApiCall call)
    {
        lock (call.State.Gate)
        {
            var (m, instance, error) = Find(call);
            if (error is not null)
            {
                return Task.FromResult(error);
            }
            var host = call.Account.ById.GetValueOrDefault(m!.HostId);
            var seconds = (instance!.End!.Value - instance.Start).TotalSeconds;
            return Task.FromResult(Ok(new
            {
                id = m.Id,
                uuid = instance.Uuid,
                duration = (int)Math.Ceiling(seconds / 60),
                start_time = Iso(instance.Start),
                end_time = Iso(instance.End.Value),
                host_id = m.HostId,
                dept = "",
                participants_count = instance.Attendees.Select(a => a.ParticipantUuid).Distinct().Count(),
                source = "Open API",
                topic = m.Topic,
                total_minutes = (int)Math.Ceiling(instance.Attendees.Sum(a => ((a.Leave ?? instance.End.Value) - a.Join).TotalSeconds) / 60),
                type = m.Type,
                user_email = m.HostEmail,
                user_name = host is null ? m.HostEmail : $"{host.FirstName} {host.LastName}".Trim(),
            }));
        }
    }

    private static Task<IResult> ParticipantsAsync(ApiCall call)
    {
        if (call.Control.PastParticipantsRefused)
        {
            return Task.FromResult(Error(400, 200, $"Only available for paid account: {call.Account.Id}"));
        }
        var pageSize = UserEndpoints.ParsePageSize(call.Query("page_size"), 30, 300);
        lock (call.State.Gate)
        {
            var (_, instance, error) = Find(call);
            if (error is not null)
            {
                return Task.FromResult(error);
            }
            var scope = "past:" + instance!.Uuid;
            var offset = 0;
            if (call.Query("next_page_token") is { Length: > 0 } token && !UserEndpoints.TryReadPageToken(token, scope, out offset))
            {
                return Task.FromResult(Error(400, 300, "The next page token is invalid or expired."));
            }
            // Zoom lists nobody when only one person attended: participants_count of the details tells that case apart.
            var all = instance.Attendees.Select(a => a.ParticipantUuid).Distinct().Count() <= 1 ? [] : instance.Attendees;
            var page = all.Skip(offset).Take(pageSize).Select(a => new
            {
                id = a.ZoomUserId,
                name = a.Name,
                user_id = a.MeetingUserId,
                registrant_id = "",
                user_email = a.Email,
                join_time = Iso(a.Join),
                leave_time = Iso(a.Leave ?? instance.End!.Value),
                duration = (int)((a.Leave ?? instance.End!.Value) - a.Join).TotalSeconds,
                failover = false,
                status = "in_meeting",
            }).ToList();
            var next = offset + pageSize < all.Count ? UserEndpoints.PageToken(scope, offset + pageSize) : "";
            return Task.FromResult(Ok(new
            {
                next_page_token = next,
                page_count = (all.Count + pageSize - 1) / pageSize,
                page_size = pageSize,
                total_records = all.Count,
                participants = page,
            }));
        }
    }

    private static Task<IResult> InstancesAsync(ApiCall call)
    {
        var raw = call.Http.Request.RouteValues["meetingId"]!.ToString()!;
        lock (call.State.Gate)
        {
            var meeting = long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? call.State.Meetings.GetValueOrDefault(id) : null;
            if (meeting is null || meeting.AccountId != call.Account.Id)
            {
                return Task.FromResult(Error(404, 3001, $"Meeting does not exist: {raw}."));
            }
            return Task.FromResult(Ok(new { meetings = meeting.Past.Select(i => new { uuid = i.Uuid, start_time = Iso(i.Start) }).ToList() }));
        }
    }
}
