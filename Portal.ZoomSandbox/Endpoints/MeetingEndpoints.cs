using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Portal.ZoomSandbox.Endpoints.SandboxHttp;

namespace Portal.ZoomSandbox.Endpoints;

internal static class MeetingEndpoints
{
    private static readonly string[] CreateScopes = ["meeting:write:meeting:admin", "meeting:write:admin", "meeting:write:meeting"];
    private static readonly string[] ReadScopes = ["meeting:read:meeting:admin", "meeting:read:admin", "meeting:read:meeting"];
    private static readonly string[] UpdateScopes = ["meeting:update:meeting:admin", "meeting:write:meeting:admin", "meeting:write:admin"];
    private static readonly string[] DeleteScopes = ["meeting:delete:meeting:admin", "meeting:write:meeting:admin", "meeting:write:admin"];
    private static readonly string[] ListScopes = ["meeting:read:list_meetings:admin", "meeting:read:meeting:admin", "meeting:read:admin"];

    public static void Map(RouteGroupBuilder root, RouteGroupBuilder v2)
    {
        v2.Api("POST", "/users/{userId}/meetings", SandboxRateCategory.Medium, CreateScopes, CreateAsync);
        v2.Api("GET", "/users/{userId}/meetings", SandboxRateCategory.Medium, ListScopes, ListAsync);
        v2.Api("GET", "/meetings/{meetingId}", SandboxRateCategory.Light, ReadScopes, GetAsync);
        v2.Api("PATCH", "/meetings/{meetingId}", SandboxRateCategory.Light, UpdateScopes, UpdateAsync);
        v2.Api("DELETE", "/meetings/{meetingId}", SandboxRateCategory.Light, DeleteScopes, DeleteAsync);
        MeetingPages.Map(root);
        PastMeetingEndpoints.Map(v2);
    }

    private static IResult? CountWrite(ApiCall call, SandboxUser host)
    {
        var key = (host.Id!, DateOnly.FromDateTime(call.Now.UtcDateTime));
        var used = call.State.MeetingWrites.GetValueOrDefault(key);
        if (used >= call.Control.MeetingWritesPerHostPerDay)
        {
            return Error(429, 429, $"You have exceeded the daily rate limit ({call.Control.MeetingWritesPerHostPerDay}) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.");
        }
        call.State.MeetingWrites[key] = used + 1;
        return null;
    }

    private static bool TryParseStart(string text, string? timezone, out DateTimeOffset start)
    {
        start = default;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }
        var hasOffset = text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10;
        if (!hasOffset && !string.IsNullOrEmpty(timezone) && TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var tz))
        {
            var local = DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture), DateTimeKind.Unspecified);
            start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, tz), TimeSpan.Zero);
            return true;
        }
        start = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
        return true;
    }

    private static async Task<IResult> CreateAsync(ApiCall call)
    {
        var userId = call.Http.Request.RouteValues["userId"]!.ToString()!;
        var body = await ReadJsonAsync(call.Http) ?? [];
        lock (call.State.Gate)
        {
            var host = call.State.FindUser(call.Account, userId, call.Token);
            if (host?.Id is null)
            {
                return UserNotFound(userId);
            }
            var type = body["type"]?.GetValue<int>() ?? 2;
            if (body["schedule_for"]?.GetValue<string>() is { Length: > 0 } scheduleFor)
            {
                if (type == 1)
                {
                    return Error(400, 3000, "Instant meetings do not support the schedule_for parameter.");
                }
                host = call.State.FindUser(call.Account, scheduleFor);
                if (host?.Id is null)
                {
                    return UserNotFound(scheduleFor);
                }
            }
            if (host.Status != "active")
            {
                return Error(400, 3161, "User is not allowed to host meetings (not active).");
            }
            if (CountWrite(call, host) is { } limited)
            {
                return limited;
            }
            var timezone = body["timezone"]?.GetValue<string>() ?? host.Timezone;
            DateTimeOffset? start = call.Now;
            if (body["start_time"]?.GetValue<string>() is { } startText)
            {
                if (!TryParseStart(startText, timezone, out var s))
                {
                    return Error(400, 300, "Invalid field: start_time.");
                }
                start = s;
            }
            var settings = body["settings"] as JsonObject;
            var meeting = new SandboxMeeting
            {
                Id = ++call.State.NextMeetingId,
                Uuid = SandboxState.NewSecret(16)[..22] + "==",
                AccountId = call.Account.Id,
                HostId = host.Id,
                HostEmail = host.Email,
                Topic = body["topic"]?.GetValue<string>() ?? "Zoom Meeting",
                Type = type,
                StartTime = type is 3 ? null : start,
                Duration = body["duration"]?.GetValue<int>() ?? 60,
                Timezone = timezone,
                Agenda = body["agenda"]?.GetValue<string>(),
                Password = body["password"]?.GetValue<string>() ?? SandboxState.NewSecret(6)[..6],
                CreatedAt = call.Now,
                WaitingRoom = settings?["waiting_room"]?.GetValue<bool>() ?? host.WaitingRoom,
                JoinBeforeHost = settings?["join_before_host"]?.GetValue<bool>() ?? false,
                AutoRecording = settings?["auto_recording"]?.GetValue<string>() ?? host.AutoRecording,
                MeetingAuthentication = settings?["meeting_authentication"]?.GetValue<bool>() ?? false,
            };
            call.State.Meetings[meeting.Id] = meeting;
            return Ok(MeetingJson(call, meeting), 201);
        }
    }

    private static object MeetingJson(ApiCall call, SandboxMeeting m)
    {
        var encrypted = SandboxState.StableId(m.Uuid + m.Password);
        return new
        {
            uuid = m.Uuid,
            id = m.Id,
            host_id = m.HostId,
            host_email = m.HostEmail,
            topic = m.Topic,
            type = m.Type,
            status = m.Live is null ? "waiting" : "started",
            start_time = m.StartTime is { } s ? Iso(s) : null,
            duration = m.Duration,
            timezone = m.Timezone,
            agenda = m.Agenda,
            created_at = Iso(m.CreatedAt),
            start_url = $"{call.BaseUrl}/s/{m.Id}?zak={SandboxState.NewSecret(24)}",
            join_url = $"{call.BaseUrl}/j/{m.Id}?pwd={encrypted}",
            password = m.Password,
            h323_password = "123456",
            pre_schedule = false,
            settings = new
            {
                host_video = false,
                participant_video = false,
                join_before_host = m.JoinBeforeHost,
                mute_upon_entry = true,
                waiting_room = m.WaitingRoom,
                auto_recording = m.AutoRecording,
                meeting_authentication = m.MeetingAuthentication,
                approval_type = 2,
                audio = "both",
            },
        };
    }

    private static SandboxMeeting? FindMeeting(ApiCall call)
    {
        var raw = call.Http.Request.RouteValues["meetingId"]?.ToString();
        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && call.State.Meetings.TryGetValue(id, out var m) && m.AccountId == call.Account.Id ? m : null;
    }

    private static IResult NotFound(ApiCall call) =>
        Error(404, 3001, $"Meeting does not exist: {call.Http.Request.RouteValues["meetingId"]}.");

    private static Task<IResult> GetAsync(ApiCall call)
    {
        lock (call.State.Gate)
        {
            var meeting = FindMeeting(call);
            return Task.FromResult(meeting is null ? NotFound(call) : Ok(MeetingJson(call, meeting)));
        }
    }

    private static async Task<IResult> UpdateAsync(ApiCall call)
    {
        var body = await ReadJsonAsync(call.Http);
        if (body is null)
        {
            return InvalidBody();
        }
        lock (call.State.Gate)
        {
            var meeting = FindMeeting(call);
            if (meeting is null)
            {
                return NotFound(call);
            }
            var host = call.Account.ById.GetValueOrDefault(meeting.HostId);
            if (body["schedule_for"]?.GetValue<string>() is { Length: > 0 } scheduleFor)
            {
                var newHost = call.State.FindUser(call.Account, scheduleFor);
                if (newHost?.Id is null)
                {
                    return UserNotFound(scheduleFor);
                }
                if (newHost.Status != "active")
                {
                    return Error(400, 3161, "User is not allowed to host meetings (not active).");
                }
                host = newHost;
            }
            if (host is not null && CountWrite(call, host) is { } limited)
            {
                return limited;
            }
            var timezone = body["timezone"]?.GetValue<string>() ?? meeting.Timezone;
            if (body["start_time"]?.GetValue<string>() is { } startText)
            {
                if (!TryParseStart(startText, timezone, out var start))
                {
                    return Error(400, 300, "Invalid field: start_time.");
                }
                meeting.StartTime = start;
            }
            meeting.Timezone = timezone;
            meeting.Topic = body["topic"]?.GetValue<string>() ?? meeting.Topic;
            meeting.Duration = body["duration"]?.GetValue<int>() ?? meeting.Duration;
            meeting.Agenda = body["agenda"]?.GetValue<string>() ?? meeting.Agenda;
            meeting.Password = body["password"]?.GetValue<string>() ?? meeting.Password;
            if (body["settings"] is JsonObject settings)
            {
                meeting.WaitingRoom = settings["waiting_room"]?.GetValue<bool>() ?? meeting.WaitingRoom;
                meeting.JoinBeforeHost = settings["join_before_host"]?.GetValue<bool>() ?? meeting.JoinBeforeHost;
                meeting.AutoRecording = settings["auto_recording"]?.GetValue<string>() ?? meeting.AutoRecording;
            }
            if (host is not null)
            {
                meeting.HostId = host.Id!;
                meeting.HostEmail = host.Email;
            }
            return NoContent();
        }
    }

    private static Task<IResult> DeleteAsync(ApiCall call)
    {
        lock (call.State.Gate)
        {
            var meeting = FindMeeting(call);
            if (meeting is null)
            {
                return Task.FromResult(NotFound(call));
            }
            call.State.Meetings.Remove(meeting.Id);
            return Task.FromResult(NoContent());
        }
    }

    private static Task<IResult> ListAsync(ApiCall call)
    {
        var userId = call.Http.Request.RouteValues["userId"]!.ToString()!;
        var type = call.Query("type") ?? "scheduled";
        var pageSize = UserEndpoints.ParsePageSize(call.Query("page_size"), 30, 300);
        var scope = $"mtg:{userId}:{type}";
        var offset = 0;
        if (call.Query("next_page_token") is { } token && !UserEndpoints.TryReadPageToken(token, scope, out offset))
        {
            return Task.FromResult(Error(400, 300, "The next page token is invalid or expired."));
        }
        lock (call.State.Gate)
        {
            var host = call.State.FindUser(call.Account, userId, call.Token);
            if (host?.Id is null)
            {
                return Task.FromResult(UserNotFound(userId));
            }
            var now = call.Now;
            var meetings = call.State.Meetings.Values.Where(m => m.HostId == host.Id).Where(m => type switch
            {
                "upcoming" or "upcoming_meetings" => m.StartTime is null || m.StartTime.Value.AddMinutes(m.Duration) >= now,
                "previous_meetings" => m.StartTime is { } s && s.AddMinutes(m.Duration) < now,
                "live" => false,
                _ => true,
            }).OrderBy(m => m.StartTime ?? DateTimeOffset.MaxValue).ToList();
            var page = meetings.Skip(offset).Take(pageSize).Select(m => new
            {
                uuid = m.Uuid,
                id = m.Id,
                host_id = m.HostId,
                topic = m.Topic,
                type = m.Type,
                start_time = m.StartTime is { } s ? Iso(s) : null,
                duration = m.Duration,
                timezone = m.Timezone,
                agenda = m.Agenda,
                created_at = Iso(m.CreatedAt),
                join_url = $"{call.BaseUrl}/j/{m.Id}?pwd={SandboxState.StableId(m.Uuid + m.Password)}",
            }).ToList();
            return Task.FromResult(Ok(new
            {
                page_size = pageSize,
                total_records = meetings.Count,
                next_page_token = offset + pageSize < meetings.Count ? UserEndpoints.PageToken(scope, offset + pageSize) : "",
                meetings = page,
            }));
        }
    }
}
