namespace Portal.Core.Features.Outcomes;

/// <summary>What the rules need to know about the session itself.</summary>
public sealed record OutcomeSession(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? HostZoomUserId, string ClientEmail, string ClientName);

/// <param name="ClientClickedJoinAt">When the client clicked "Join now" on the client page (the portal's own record), or null.</param>
/// <param name="AwaitingZoomReport">Reconciliation will ask Zoom again (the meeting had not ended): do not conclude absence yet.</param>
public sealed record OutcomeInput(
    OutcomeSession Session,
    IReadOnlyCollection<MeetingFact> Facts,
    IReadOnlyDictionary<string, AttendeeRole> Assignments,
    DateTimeOffset? ClientClickedJoinAt,
    DateTimeOffset Now,
    bool AwaitingZoomReport = false);

public sealed record AttendanceRow(
    string ParticipantKey,
    string Name,
    string? Email,
    string? ZoomUserId,
    DateTimeOffset JoinedAt,
    DateTimeOffset? LeftAt,
    bool WaitingOnly,
    AttendeeRole Role,
    bool Assigned);

public sealed record OutcomeDecision(
    OutcomeStatus Status,
    DateTimeOffset? ActualStart,
    DateTimeOffset? ActualEnd,
    int HeldMinutes,
    int Instances,
    bool MeetingRunning,
    bool MeetingEnded,
    bool HostInMeeting,
    bool ClientInMeeting,
    bool ClientWaiting,
    IReadOnlyList<AttendanceRow> Attendance);

/// <summary>
/// Decides a session's outcome from everything known about its meeting. It depends only on the set of facts (not their
/// order or how often each arrived), so late, repeated and reconciled events all lead to the same answer.
/// </summary>
public static class OutcomeRules
{
    /// <summary>A "Join now" click counts as the client coming only from this long before the start.</summary>
    public static readonly TimeSpan ClickCountsFrom = TimeSpan.FromHours(1);

    private sealed record Instance(string Uuid, DateTimeOffset Start, DateTimeOffset? End);

    private sealed class Person(string key)
    {
        public string Key { get; } = key;
        public string Name { get; set; } = "";
        public string? Email { get; set; }
        public string? ZoomUserId { get; set; }
        public List<(DateTimeOffset Join, DateTimeOffset? Leave)> Stays { get; } = [];
        public DateTimeOffset? WaitingAt { get; set; }
        public DateTimeOffset? LastWaitingAt { get; set; }
        public DateTimeOffset? LastInMeetingFactAt { get; set; }
        public AttendeeRole Role { get; set; }
        public bool Assigned { get; set; }
    }

    public static OutcomeDecision Decide(OutcomeInput input)
    {
        var facts = input.Facts.DistinctBy(f => f.Key).OrderBy(f => f.At).ThenBy(f => Rank(f.Kind)).ThenBy(f => f.Key, StringComparer.Ordinal).ToList();
        var instances = Instances(facts);
        var people = People(facts, instances);
        Match(people, input.Session, input.Assignments);

        var running = instances.Any(i => i.End is null);
        var ended = instances.Count > 0 && !running;
        var anyStay = people.Any(p => p.Stays.Count > 0);
        // Without join-before-host a meeting starts only when its host joins: a start with no participant data still means the host came.
        var hostCame = people.Any(p => p.Role == AttendeeRole.Host && p.Stays.Count > 0) || (instances.Count > 0 && !anyStay);
        var clients = people.Where(p => p.Role == AttendeeRole.Client).ToList();
        var clientAdmitted = clients.Any(p => p.Stays.Count > 0);
        var clicked = input.ClientClickedJoinAt is { } click && click >= input.Session.StartsAt - ClickCountsFrom;
        var clientTried = clientAdmitted || clients.Any(p => p.WaitingAt is not null) || clicked;

        var status = (running, ended) switch
        {
            (true, _) => OutcomeStatus.Pending,
            (_, true) when hostCame => clientAdmitted ? OutcomeStatus.Held : OutcomeStatus.ClientDidNotCome,
            (_, true) => clientTried ? OutcomeStatus.HostDidNotCome : OutcomeStatus.NotStarted,
            // Absence is concluded only once the scheduled end passed and Zoom's report (if one is awaited) came.
            _ when input.Now < input.Session.EndsAt || input.AwaitingZoomReport => OutcomeStatus.Pending,
            _ => clientTried ? OutcomeStatus.HostDidNotCome : OutcomeStatus.NotStarted,
        };

        var lastEnd = instances.Where(i => i.End is not null).Select(i => i.End).Max();
        var seconds = instances.Where(i => i.End is not null).Sum(i => (i.End!.Value - i.Start).TotalSeconds);
        var clientWaiting = clients.Any(p => p.LastWaitingAt is { } w
            && (p.LastInMeetingFactAt is null || p.LastInMeetingFactAt < w)
            && (lastEnd is null || lastEnd < w || running)
            && input.Now < input.Session.EndsAt + ClickCountsFrom);
        return new OutcomeDecision(
            status,
            instances.Count > 0 ? instances.Min(i => i.Start) : null,
            ended ? lastEnd : null,
            (int)Math.Ceiling(seconds / 60),
            instances.Count,
            running,
            ended,
            running && people.Any(p => p.Role == AttendeeRole.Host && p.Stays.Any(s => s.Leave is null)),
            running && clients.Any(p => p.Stays.Any(s => s.Leave is null)),
            clientWaiting && !clients.Any(p => running && p.Stays.Any(s => s.Leave is null)),
            Rows(people));
    }

    private static int Rank(MeetingFactKind kind) => kind switch
    {
        MeetingFactKind.Started => 0,
        MeetingFactKind.WaitingForHost => 1,
        MeetingFactKind.WaitingRoom => 2,
        MeetingFactKind.Joined => 3,
        MeetingFactKind.Left => 4,
        _ => 5,
    };

    private static List<Instance> Instances(List<MeetingFact> facts)
    {
        var list = new List<Instance>();
        foreach (var group in facts.Where(f => f.Kind is MeetingFactKind.Started or MeetingFactKind.Ended or MeetingFactKind.Joined)
            .GroupBy(f => f.MeetingUuid, StringComparer.Ordinal))
        {
            var started = group.Where(f => f.Kind == MeetingFactKind.Started).Select(f => (DateTimeOffset?)f.At).Min();
            var ended = group.Where(f => f.Kind == MeetingFactKind.Ended).Select(f => (DateTimeOffset?)f.At).Max();
            // A join without a start event (a missed webhook) still proves the instance ran from that join.
            var start = started ?? group.Where(f => f.Kind == MeetingFactKind.Joined).Select(f => (DateTimeOffset?)f.At).Min() ?? ended!.Value;
            list.Add(new Instance(group.Key, start, ended));
        }
        return list;
    }

    private static List<Person> People(List<MeetingFact> facts, List<Instance> instances)
    {
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        var open = new Dictionary<string, (DateTimeOffset Join, string Uuid)>(StringComparer.Ordinal);
        var ends = instances.Where(i => i.End is not null).ToDictionary(i => i.Uuid, i => i.End!.Value, StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            if (fact.Kind == MeetingFactKind.Ended)
            {
                foreach (var (key, stay) in open.Where(o => o.Value.Uuid == fact.MeetingUuid).ToList())
                {
                    people[key].Stays.Add((stay.Join, fact.At));
                    open.Remove(key);
                }
                continue;
            }
            if (fact.ParticipantKey is not { } participantKey)
            {
                continue;
            }
            if (!people.TryGetValue(participantKey, out var person))
            {
                people[participantKey] = person = new Person(participantKey);
            }
            person.Name = string.IsNullOrWhiteSpace(fact.ParticipantName) ? person.Name : fact.ParticipantName.Trim();
            person.Email = string.IsNullOrWhiteSpace(fact.ParticipantEmail) ? person.Email : fact.ParticipantEmail.Trim();
            person.ZoomUserId = string.IsNullOrWhiteSpace(fact.ZoomUserId) ? person.ZoomUserId : fact.ZoomUserId;
            switch (fact.Kind)
            {
                case MeetingFactKind.WaitingRoom or MeetingFactKind.WaitingForHost:
                    person.WaitingAt ??= fact.At;
                    person.LastWaitingAt = fact.At;
                    break;
                case MeetingFactKind.Joined:
                    person.LastInMeetingFactAt = fact.At;
                    open.TryAdd(participantKey, (fact.At, fact.MeetingUuid));
                    break;
                case MeetingFactKind.Left:
                    person.LastInMeetingFactAt = fact.At;
                    if (open.Remove(participantKey, out var stay))
                    {
                        person.Stays.Add((stay.Join, fact.At));
                    }
                    else if (!person.Stays.Any(s => s.Leave == fact.At))
                    {
                        // The join was missed: the stay began no later than the instance did.
                        var start = instances.FirstOrDefault(i => i.Uuid == fact.MeetingUuid)?.Start ?? fact.At;
                        person.Stays.Add((start <= fact.At ? start : fact.At, fact.At));
                    }
                    break;
            }
        }
        foreach (var (key, stay) in open)
        {
            people[key].Stays.Add((stay.Join, ends.TryGetValue(stay.Uuid, out var end) && end >= stay.Join ? end : null));
        }
        return people.Values.ToList();
    }

    private static void Match(List<Person> people, OutcomeSession session, IReadOnlyDictionary<string, AttendeeRole> assignments)
    {
        foreach (var p in people)
        {
            if (assignments.TryGetValue(p.Key, out var assigned))
            {
                p.Role = assigned;
                p.Assigned = true;
            }
            else if (!string.IsNullOrEmpty(session.HostZoomUserId) && string.Equals(p.ZoomUserId, session.HostZoomUserId, StringComparison.Ordinal))
            {
                p.Role = AttendeeRole.Host;
            }
            else if (!string.IsNullOrWhiteSpace(p.Email) && string.Equals(p.Email, session.ClientEmail.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                p.Role = AttendeeRole.Client;
            }
        }
        if (people.Any(p => p.Role == AttendeeRole.Client && !p.Assigned))
        {
            return;
        }
        // Zoom gives no e-mail for people outside the host's account (most clients): match by name, unless two people of
        // that name were in the meeting at the same time.
        var byName = people.Where(p => p.Role == AttendeeRole.Unmatched && !p.Assigned && SameName(p.Name, session.ClientName)).ToList();
        if (byName.Count > 0 && !Overlap(byName))
        {
            byName.ForEach(p => p.Role = AttendeeRole.Client);
        }
    }

    private static bool SameName(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase) && Normalize(a).Length > 0;

    private static string Normalize(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool Overlap(List<Person> people)
    {
        var stays = people.SelectMany(p => p.Stays.Select(s => (p.Key, s.Join, Leave: s.Leave ?? DateTimeOffset.MaxValue)))
            .OrderBy(s => s.Join).ToList();
        for (var i = 1; i < stays.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (stays[j].Key != stays[i].Key && stays[j].Leave > stays[i].Join)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<AttendanceRow> Rows(List<Person> people)
    {
        var rows = new List<AttendanceRow>();
        foreach (var p in people)
        {
            var name = p.Name.Length > 0 ? p.Name : "(no name)";
            rows.AddRange(p.Stays.Select(s => new AttendanceRow(p.Key, name, p.Email, p.ZoomUserId, s.Join, s.Leave, false, p.Role, p.Assigned)));
            if (p.Stays.Count == 0 && p.WaitingAt is { } waiting)
            {
                rows.Add(new AttendanceRow(p.Key, name, p.Email, p.ZoomUserId, waiting, null, true, p.Role, p.Assigned));
            }
        }
        return rows.OrderBy(r => r.JoinedAt).ThenBy(r => r.ParticipantKey, StringComparer.Ordinal).ToList();
    }
}
