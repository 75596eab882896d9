using System.Net;
using System.Runtime.CompilerServices;
using Portal.Core.Zoom;

namespace Portal.Tests.Core.Sessions;

/// <summary>An in-memory Zoom for sessions: meetings, and the users who host them.</summary>
public sealed class FakeSessionZoomClient : IZoomMeetings, IZoomUsers
{
    private long _nextId = 81_000_000_001;

    public Dictionary<string, ZoomUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<long, ZoomMeeting> Meetings { get; } = [];
    public List<string> Calls { get; } = [];
    public int StartUrlsIssued { get; private set; }

    /// <summary>Exceptions thrown by the next calls of a method, in order.</summary>
    public Dictionary<string, Queue<Exception>> Faults { get; } = [];

    /// <summary>When set, a create that "times out" has still created the meeting (Zoom did it, the answer was lost).</summary>
    public bool TimeoutAfterCreating { get; set; }

    public void AddUser(string id, string email, ZoomUserType type = ZoomUserType.Licensed, ZoomUserStatus status = ZoomUserStatus.Active)
    {
        var user = new ZoomUser(id, email, null, null, email, (int)type, status, "acc", null, null, "UTC");
        Users[id] = user;
        Users[email] = user;
    }

    public void Fail(string method, Exception ex)
    {
        if (!Faults.TryGetValue(method, out var q))
        {
            Faults[method] = q = new Queue<Exception>();
        }
        q.Enqueue(ex);
    }

    private void Enter(string method)
    {
        Calls.Add(method);
        if (Faults.TryGetValue(method, out var q) && q.Count > 0)
        {
            var ex = q.Dequeue();
            if (ex is ZoomUnavailableException && method == nameof(CreateMeetingAsync) && TimeoutAfterCreating)
            {
                return;
            }
            throw ex;
        }
    }

    public Task<ZoomUser?> GetUserAsync(ZoomTarget target, string userIdOrEmail, CancellationToken ct = default)
    {
        Enter(nameof(GetUserAsync));
        return Task.FromResult(Users.GetValueOrDefault(userIdOrEmail));
    }

    public Task<ZoomMeeting> CreateMeetingAsync(ZoomTarget target, string hostUserId, ZoomMeetingRequest request, CancellationToken ct = default)
    {
        var lostAnswer = Faults.TryGetValue(nameof(CreateMeetingAsync), out var q) && q.Count > 0 && q.Peek() is ZoomUnavailableException && TimeoutAfterCreating;
        Enter(nameof(CreateMeetingAsync));
        var id = _nextId++;
        var meeting = new ZoomMeeting(id, $"uuid-{id}", hostUserId, Users.GetValueOrDefault(hostUserId)?.Email, request.Topic, request.StartTime,
            request.DurationMinutes, request.TimeZone, $"https://zoom.test/j/{id}?pwd={request.Password}", null, request.Password);
        Meetings[id] = meeting;
        if (lostAnswer)
        {
            throw new ZoomUnavailableException("timed out");
        }
        return Task.FromResult(meeting);
    }

    public Task<ZoomMeeting?> GetMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default)
    {
        Enter(nameof(GetMeetingAsync));
        if (!Meetings.TryGetValue(meetingId, out var m))
        {
            return Task.FromResult<ZoomMeeting?>(null);
        }
        StartUrlsIssued++;
        return Task.FromResult<ZoomMeeting?>(m with { StartUrl = $"https://zoom.test/s/{meetingId}?zak=zak{StartUrlsIssued}" });
    }

    public Task UpdateMeetingAsync(ZoomTarget target, long meetingId, ZoomMeetingUpdate update, CancellationToken ct = default)
    {
        Enter(nameof(UpdateMeetingAsync));
        if (!Meetings.TryGetValue(meetingId, out var m))
        {
            throw new ZoomApiException(HttpStatusCode.NotFound, ZoomErrorCodes.MeetingNotFound, "Meeting does not exist.");
        }
        Meetings[meetingId] = m with
        {
            Topic = update.Topic ?? m.Topic,
            StartTime = update.StartTime ?? m.StartTime,
            Duration = update.DurationMinutes ?? m.Duration,
            TimeZone = update.TimeZone ?? m.TimeZone,
            HostId = update.ScheduleFor ?? m.HostId,
        };
        return Task.CompletedTask;
    }

    public Task<bool> DeleteMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default)
    {
        Enter(nameof(DeleteMeetingAsync));
        return Task.FromResult(Meetings.Remove(meetingId));
    }

    public Task<IReadOnlyList<ZoomMeeting>> ListUpcomingMeetingsAsync(ZoomTarget target, string hostUserId, CancellationToken ct = default)
    {
        Enter(nameof(ListUpcomingMeetingsAsync));
        return Task.FromResult<IReadOnlyList<ZoomMeeting>>(Meetings.Values.Where(m => m.HostId == hostUserId).ToList());
    }

    public Task UpdateUserTypeAsync(ZoomTarget target, string userId, ZoomUserType type, CancellationToken ct = default)
    {
        Enter(nameof(UpdateUserTypeAsync));
        var u = Users[userId];
        AddUser(u.Id!, u.Email, type, u.Status);
        return Task.CompletedTask;
    }

    // ---- the rest of the users' side, over the same users ----

    public Dictionary<string, ZoomUserSettings> Settings { get; } = [];

    public async IAsyncEnumerable<ZoomUserPage> ListUsersAsync(ZoomTarget target, ZoomUserStatus status, [EnumeratorCancellation] CancellationToken ct = default)
    {
        Enter(nameof(ListUsersAsync));
        await Task.Yield();
        var users = DistinctUsers().Where(u => u.Status == status).ToList();
        yield return new ZoomUserPage(users, users.Count, null);
    }

    public Task<ZoomCreatedUser> CreateUserAsync(ZoomTarget target, ZoomNewUser user, CancellationToken ct = default)
    {
        Enter(nameof(CreateUserAsync));
        var id = $"created-{DistinctUsers().Count() + 1}";
        AddUser(id, user.Email, user.Type, ZoomUserStatus.Pending);
        return Task.FromResult(new ZoomCreatedUser(id, user.Email, (int)user.Type));
    }

    public Task<ZoomUserSettings> GetUserSettingsAsync(ZoomTarget target, string userId, CancellationToken ct = default)
    {
        Enter(nameof(GetUserSettingsAsync));
        return Task.FromResult(Settings.GetValueOrDefault(userId, new ZoomUserSettings(true, true, false)));
    }

    public Task UpdateUserSettingsAsync(ZoomTarget target, string userId, ZoomUserSettingsUpdate update, CancellationToken ct = default)
    {
        Enter(nameof(UpdateUserSettingsAsync));
        var current = Settings.GetValueOrDefault(userId, new ZoomUserSettings(true, true, false));
        Settings[userId] = current with { CloudRecordingAllowed = update.CloudRecordingAllowed ?? current.CloudRecordingAllowed, WaitingRoom = update.WaitingRoom ?? current.WaitingRoom };
        return Task.CompletedTask;
    }

    public Task<ZoomUsersSummary> GetUsersSummaryAsync(ZoomTarget target, CancellationToken ct = default)
    {
        Enter(nameof(GetUsersSummaryAsync));
        var users = DistinctUsers().ToList();
        return Task.FromResult(new ZoomUsersSummary(
            users.Count(u => u.Type == (int)ZoomUserType.Licensed), users.Count(u => u.Type == (int)ZoomUserType.Basic),
            users.Count(u => u.Status == ZoomUserStatus.Pending), users.Count, 0, 0, 0));
    }

    private IEnumerable<ZoomUser> DistinctUsers() => Users.Values.DistinctBy(u => u.Id);
}
