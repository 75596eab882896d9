using System.Globalization;
using System.Text.Json;

namespace Portal.ZoomSandbox;

/// <summary>
/// Meetings that happen: the host starts, people wait, join and leave, the meeting ends. Each step keeps what
/// /past_meetings returns and sends the matching signed webhook to the account's event subscription.
/// </summary>
public sealed partial class ZoomSandboxControl
{
    private long _nextMeetingUserId = 16_778_240;

    /// <summary>Finds the event subscription of an account (the portal sets this when it hosts the sandbox); null sends nothing.</summary>
    public Func<string, CancellationToken, Task<SandboxWebhookTarget?>>? WebhookTargets { get; set; }

    /// <summary>Raised after a meeting instance ended and meeting.ended was sent (e.g. to complete a cloud recording).</summary>
    public event Func<SandboxMeetingEnded, CancellationToken, Task>? MeetingEnded;

    /// <summary>When true, /past_meetings/{id}/participants answers as for a free account (400, code 200).</summary>
    public bool PastParticipantsRefused { get; set; }

    /// <summary>The webhook deliveries made by meeting steps (event name and HTTP status), newest last.</summary>
    public IReadOnlyList<(string Event, int Status)> MeetingWebhooksSent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToList();
            }
        }
    }

    private readonly List<(string Event, int Status)> _sent = [];

    /// <summary>The meeting's status as GET /meetings/{id} reports it: "started" while an instance runs, else "waiting".</summary>
    public string MeetingStatus(long meetingId)
    {
        lock (_state.Gate)
        {
            return _state.Meetings.TryGetValue(meetingId, out var m) && m.Live is not null ? "started" : "waiting";
        }
    }

    /// <summary>True while the participant waits for the host.</summary>
    public bool IsWaiting(long meetingId, string participantUuid)
    {
        lock (_state.Gate)
        {
            return _state.Meetings.TryGetValue(meetingId, out var m) && m.Waiting.Any(a => a.ParticipantUuid == participantUuid);
        }
    }

    /// <summary>The host opens the start link: starts an instance (if none runs), joins, and admits whoever waited.</summary>
    public async Task<bool> HostStartsAsync(long meetingId, CancellationToken ct = default)
    {
        var events = new List<(string, object)>();
        string account;
        lock (_state.Gate)
        {
            if (!_state.Meetings.TryGetValue(meetingId, out var m))
            {
                return false;
            }
            account = m.AccountId;
            var now = Now;
            if (m.Live is null)
            {
                m.Live = new SandboxInstance { Uuid = InstanceUuid(m), Start = now };
                m.NextUuid = null;
                events.Add(("meeting.started", MeetingObject(m, m.Live, includeEnd: false)));
            }
            var live = m.Live;
            if (!live.Attendees.Any(a => a.ZoomUserId == m.HostId && a.Leave is null))
            {
                var user = _state.Accounts.GetValueOrDefault(m.AccountId)?.ById.GetValueOrDefault(m.HostId);
                var host = new SandboxAttendee
                {
                    ParticipantUuid = live.Attendees.FirstOrDefault(a => a.ZoomUserId == m.HostId)?.ParticipantUuid ?? NewUuid(),
                    ZoomUserId = m.HostId,
                    MeetingUserId = NextMeetingUserId(),
                    Name = user is null ? m.HostEmail : $"{user.FirstName} {user.LastName}".Trim(),
                    Email = m.HostEmail,
                    Join = now,
                };
                live.Attendees.Add(host);
                events.Add(("meeting.participant_joined", ParticipantObject(m, live, host, left: false)));
            }
            foreach (var waiting in m.Waiting)
            {
                waiting.Join = now;
                live.Attendees.Add(waiting);
                events.Add(("meeting.participant_joined", ParticipantObject(m, live, waiting, left: false)));
            }
            m.Waiting.Clear();
        }
        await SendAllAsync(account, events, ct);
        return true;
    }

    /// <summary>
    /// Someone opens the join link with a name: before the host starts they wait for the host; during the meeting they pass
    /// the waiting room (when on) and the sandbox admits them at once. Returns their participant uuid, or null for no such meeting.
    /// </summary>
    public async Task<SandboxJoin?> ParticipantJoinsAsync(long meetingId, string name, string? email = null, CancellationToken ct = default)
    {
        var events = new List<(string, object)>();
        string account;
        SandboxJoin join;
        lock (_state.Gate)
        {
            if (!_state.Meetings.TryGetValue(meetingId, out var m))
            {
                return null;
            }
            account = m.AccountId;
            var attendee = new SandboxAttendee
            {
                ParticipantUuid = NewUuid(),
                MeetingUserId = NextMeetingUserId(),
                Name = name.Trim(),
                Email = email?.Trim() ?? "",
                Join = Now,
            };
            if (m.Live is not { } live)
            {
                m.Waiting.Add(attendee);
                events.Add(("meeting.participant_jbh_waiting", ParticipantObject(m, new SandboxInstance { Uuid = InstanceUuid(m), Start = Now }, attendee, left: false)));
                join = new SandboxJoin(attendee.ParticipantUuid, Waiting: true);
            }
            else
            {
                if (m.WaitingRoom)
                {
                    events.Add(("meeting.participant_joined_waiting_room", ParticipantObject(m, live, attendee, left: false)));
                }
                live.Attendees.Add(attendee);
                events.Add(("meeting.participant_joined", ParticipantObject(m, live, attendee, left: false)));
                join = new SandboxJoin(attendee.ParticipantUuid, Waiting: false);
            }
        }
        await SendAllAsync(account, events, ct);
        return join;
    }

    /// <summary>A participant leaves (or gives up waiting). False when they are not in the meeting.</summary>
    public async Task<bool> ParticipantLeavesAsync(long meetingId, string participantUuid, CancellationToken ct = default)
    {
        var events = new List<(string, object)>();
        string account;
        lock (_state.Gate)
        {
            if (!_state.Meetings.TryGetValue(meetingId, out var m))
            {
                return false;
            }
            account = m.AccountId;
            if (m.Waiting.RemoveAll(a => a.ParticipantUuid == participantUuid) > 0)
            {
                return true;
            }
            var stay = m.Live?.Attendees.FirstOrDefault(a => a.ParticipantUuid == participantUuid && a.Leave is null);
            if (stay is null)
            {
                return false;
            }
            stay.Leave = Now;
            events.Add(("meeting.participant_left", ParticipantObject(m, m.Live!, stay, left: true)));
        }
        await SendAllAsync(account, events, ct);
        return true;
    }

    /// <summary>The host ends the meeting for all: everyone leaves, the instance becomes a past meeting.</summary>
    public async Task<bool> EndMeetingAsync(long meetingId, CancellationToken ct = default)
    {
        var events = new List<(string, object)>();
        string account;
        SandboxMeetingEnded ended;
        bool cloudRecorded;
        lock (_state.Gate)
        {
            if (!_state.Meetings.TryGetValue(meetingId, out var m) || m.Live is not { } live)
            {
                return false;
            }
            account = m.AccountId;
            var now = Now;
            foreach (var stay in live.Attendees.Where(a => a.Leave is null).OrderBy(a => a.ZoomUserId == m.HostId))
            {
                stay.Leave = now;
                events.Add(("meeting.participant_left", ParticipantObject(m, live, stay, left: true)));
            }
            live.End = now;
            m.Past.Add(live);
            m.Live = null;
            m.Waiting.Clear();
            events.Add(("meeting.ended", MeetingObject(m, live, includeEnd: true)));
            ended = new SandboxMeetingEnded(m.AccountId, m.Id, live.Uuid, m.HostId, live.Start, now);
            cloudRecorded = m.AutoRecording == "cloud";
        }
        await SendAllAsync(account, events, ct);
        if (cloudRecorded)
        {
            await CompleteCloudRecordingAsync(ended, ct);
        }
        if (MeetingEnded is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<SandboxMeetingEnded, CancellationToken, Task>>())
            {
                await handler(ended, ct);
            }
        }
        return true;
    }

    /// <summary>
    /// A meeting set to record in the cloud: as in Zoom, its recording of the instance that just ended is processed and
    /// <c>recording.completed</c> goes to the account's subscription.
    /// </summary>
    private async Task CompleteCloudRecordingAsync(SandboxMeetingEnded ended, CancellationToken ct)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((ended.End - ended.Start).TotalMinutes));
        if (RecordMeeting(ended.MeetingId, minutes, ended.Start) is not { } uuid
            || WebhookTargets is not { } targets || await targets(ended.AccountId, ct) is not { } target)
        {
            return;
        }
        try
        {
            var result = await SendRecordingCompletedAsync(target.Url, target.SecretToken, uuid, ct);
            lock (_sent)
            {
                _sent.Add(("recording.completed", result.StatusCode));
            }
        }
        catch (HttpRequestException)
        {
            // The portal's recordings listing and its hourly tie job find the recording without the event.
        }
    }

    /// <summary>Sends an event of any kind to the account's subscription (e.g. recording.completed); null when nobody subscribed.</summary>
    public async Task<SandboxWebhookResult?> SendAccountEventAsync(string accountId, string eventName, object payloadObject, CancellationToken ct = default)
    {
        if (WebhookTargets is not { } targets || await targets(accountId, ct) is not { } target)
        {
            return null;
        }
        var payload = JsonSerializer.Serialize(new Dictionary<string, object> { ["account_id"] = accountId, ["object"] = payloadObject });
        var result = await SendWebhookAsync(target.Url, target.SecretToken, eventName, payload, ct);
        lock (_sent)
        {
            _sent.Add((eventName, result.StatusCode));
        }
        return result;
    }

    private async Task SendAllAsync(string accountId, List<(string Event, object Object)> events, CancellationToken ct)
    {
        foreach (var (name, payloadObject) in events)
        {
            try
            {
                await SendAccountEventAsync(accountId, name, payloadObject, ct);
            }
            catch (HttpRequestException)
            {
                // Zoom, too, gives up on an endpoint that does not answer; the portal's reconciliation reads /past_meetings.
                lock (_sent)
                {
                    _sent.Add((name, 0));
                }
            }
        }
    }

    private string NextMeetingUserId() => Interlocked.Increment(ref _nextMeetingUserId).ToString(CultureInfo.InvariantCulture);

    private static string InstanceUuid(SandboxMeeting m) => m.Past.Count == 0 ? m.Uuid : m.NextUuid ??= NewUuid();

    private static string NewUuid() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    private static Dictionary<string, object?> MeetingObject(SandboxMeeting m, SandboxInstance instance, bool includeEnd)
    {
        var o = new Dictionary<string, object?>
        {
            ["id"] = m.Id.ToString(CultureInfo.InvariantCulture),
            ["uuid"] = instance.Uuid,
            ["host_id"] = m.HostId,
            ["topic"] = m.Topic,
            ["type"] = m.Type,
            ["start_time"] = Endpoints.SandboxHttp.Iso(instance.Start),
            ["timezone"] = m.Timezone,
            ["duration"] = m.Duration,
        };
        if (includeEnd && instance.End is { } end)
        {
            o["end_time"] = Endpoints.SandboxHttp.Iso(end);
        }
        return o;
    }

    private static Dictionary<string, object?> ParticipantObject(SandboxMeeting m, SandboxInstance instance, SandboxAttendee a, bool left)
    {
        var o = MeetingObject(m, instance, includeEnd: false);
        var participant = new Dictionary<string, object?>
        {
            ["user_id"] = a.MeetingUserId,
            ["user_name"] = a.Name,
            ["id"] = a.ZoomUserId,
            ["participant_uuid"] = a.ParticipantUuid,
            ["email"] = a.Email,
            ["join_time"] = Endpoints.SandboxHttp.Iso(a.Join),
        };
        if (left && a.Leave is { } leave)
        {
            participant["leave_time"] = Endpoints.SandboxHttp.Iso(leave);
        }
        o["participant"] = participant;
        return o;
    }
}

/// <summary>Who joined (their participant uuid, to leave later) and whether they wait for the host.</summary>
public sealed record SandboxJoin(string ParticipantUuid, bool Waiting);
