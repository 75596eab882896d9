namespace Portal.Core.Features.Outcomes;

public sealed record AttendanceView(long Id, string ParticipantKey, string Name, string? Email, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt,
    bool WaitingOnly, AttendeeRole Role, bool Assigned)
{
    public int Minutes(DateTimeOffset now) => WaitingOnly ? 0 : (int)Math.Ceiling(((LeftAt ?? now) - JoinedAt).TotalSeconds / 60);
}

/// <summary>A session's outcome as the session page shows it.</summary>
public sealed record OutcomeView(
    long SessionId,
    OutcomeStatus Status,
    bool Corrected,
    string? CorrectedBy,
    string? CorrectionNote,
    DateTimeOffset? ActualStart,
    DateTimeOffset? ActualEnd,
    int HeldMinutes,
    int Instances,
    OutcomeLive Live,
    DateTimeOffset? ClientClickedJoinAt,
    DateTimeOffset? LastEventAt,
    bool Final,
    string? ReconcileNote,
    IReadOnlyList<AttendanceView> Attendance)
{
    public static OutcomeView Empty(long sessionId) =>
        new(sessionId, OutcomeStatus.Pending, false, null, null, null, null, 0, 0, OutcomeLive.None, null, null, false, null, []);
}

/// <summary>What is going on right now in the meeting, for the live line on the session page and list.</summary>
public enum OutcomeLive
{
    None = 0,
    ClientWaiting = 1,
    HostInMeeting = 2,
    BothInMeeting = 3,
    InProgress = 4,
    Ended = 5,
}

public sealed record OutcomeListItem(long SessionId, OutcomeStatus Status, OutcomeLive Live);

public static class OutcomeText
{
    public static string Status(OutcomeStatus status) => status switch
    {
        OutcomeStatus.Held => "Held",
        OutcomeStatus.HostDidNotCome => "Host did not come",
        OutcomeStatus.ClientDidNotCome => "Client did not come",
        OutcomeStatus.NotStarted => "Not started",
        _ => "Pending",
    };

    public static string Live(OutcomeLive live) => live switch
    {
        OutcomeLive.ClientWaiting => "Client waiting",
        OutcomeLive.HostInMeeting => "Host in the meeting",
        OutcomeLive.BothInMeeting => "Host and client in the meeting",
        OutcomeLive.InProgress => "Meeting in progress",
        OutcomeLive.Ended => "Ended",
        _ => "",
    };

    public static string Role(AttendeeRole role) => role switch
    {
        AttendeeRole.Host => "Host",
        AttendeeRole.Client => "Client",
        _ => "Unmatched",
    };

    internal static OutcomeLive LiveOf(SessionOutcome o) => o switch
    {
        { MeetingRunning: true, HostInMeeting: true, ClientInMeeting: true } => OutcomeLive.BothInMeeting,
        { MeetingRunning: true, HostInMeeting: true, ClientWaiting: true } => OutcomeLive.ClientWaiting,
        { MeetingRunning: true, HostInMeeting: true } => OutcomeLive.HostInMeeting,
        { MeetingRunning: true } => OutcomeLive.InProgress,
        { ClientWaiting: true } => OutcomeLive.ClientWaiting,
        { MeetingEnded: true } => OutcomeLive.Ended,
        _ => OutcomeLive.None,
    };
}
