namespace Portal.Core.Features.Outcomes;

public enum OutcomeStatus
{
    Pending = 0,
    Held = 1,
    HostDidNotCome = 2,
    ClientDidNotCome = 3,
    NotStarted = 4,
}

public enum AttendeeRole
{
    Unmatched = 0,
    Host = 1,
    Client = 2,
}

public enum MeetingFactKind
{
    Started = 0,
    Ended = 1,
    Joined = 2,
    Left = 3,
    WaitingRoom = 4,
    WaitingForHost = 5,
}

/// <summary>One thing Zoom told the portal about a session's meeting (a webhook or a past-meeting report row). Facts are only added; the outcome is derived from all of them, so order and repeats do not matter.</summary>
public sealed class MeetingFact
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public MeetingFactKind Kind { get; set; }

    /// <summary>The meeting instance (Zoom's meeting UUID; a meeting started twice has two).</summary>
    public required string MeetingUuid { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Who, across joins and leaves: participant_uuid, else the Zoom user id, else the name.</summary>
    public string? ParticipantKey { get; set; }
    public string? ParticipantName { get; set; }
    public string? ParticipantEmail { get; set; }

    /// <summary>The participant's Zoom user id (<c>participant.id</c>), set when they signed in to Zoom.</summary>
    public string? ZoomUserId { get; set; }

    /// <summary>The participant's id inside the meeting (<c>participant.user_id</c>).</summary>
    public string? MeetingUserId { get; set; }

    /// <summary>Unique per session: the same fact from a repeated webhook or from the report is stored once.</summary>
    public required string Key { get; set; }

    public bool FromReport { get; set; }
}

/// <summary>What happened in a session, derived by <see cref="OutcomeRules"/> and stored for lists, reports and the live view.</summary>
public sealed class SessionOutcome
{
    public long SessionId { get; set; }
    public OutcomeStatus Status { get; set; }
    public DateTimeOffset? ActualStart { get; set; }
    public DateTimeOffset? ActualEnd { get; set; }
    public int HeldMinutes { get; set; }
    public bool HostInMeeting { get; set; }
    public bool ClientWaiting { get; set; }
    public bool ClientInMeeting { get; set; }
    public bool MeetingRunning { get; set; }
    public bool MeetingEnded { get; set; }
    public int Instances { get; set; }

    /// <summary>When the client clicked "Join now" on the client page (the portal's own record), if ever.</summary>
    public DateTimeOffset? ClientClickedJoinAt { get; set; }

    /// <summary>A director's correction; it wins over the derived status.</summary>
    public OutcomeStatus? CorrectedStatus { get; set; }
    public string? CorrectedBy { get; set; }
    public string? CorrectionNote { get; set; }

    public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>Set once Zoom's past-meeting reports were read (or cannot be) and nothing is left to learn.</summary>
    public bool Final { get; set; }
    public DateTimeOffset? ReconcileAfter { get; set; }
    public int ReconcileAttempts { get; set; }

    /// <summary>Why reconciliation could not use Zoom's reports (no paid plan, missing scopes, over a year old), for the page.</summary>
    public string? ReconcileNote { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public OutcomeStatus Shown => CorrectedStatus ?? Status;
}

/// <summary>One stay of one participant in the meeting (or in its waiting room), matched to the host, the client or nobody.</summary>
public sealed class SessionAttendance
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public required string ParticipantKey { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? ZoomUserId { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    public DateTimeOffset? LeftAt { get; set; }
    public bool WaitingOnly { get; set; }
    public AttendeeRole Role { get; set; }

    /// <summary>Set when a director assigned the participant by hand.</summary>
    public bool Assigned { get; set; }
}

/// <summary>A director's assignment of a participant to the host or the client; kept across recomputations.</summary>
public sealed class AttendeeAssignment
{
    public long SessionId { get; set; }
    public required string ParticipantKey { get; set; }
    public AttendeeRole Role { get; set; }
    public string? AssignedBy { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}
