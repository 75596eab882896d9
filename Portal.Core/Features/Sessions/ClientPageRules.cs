namespace Portal.Core.Features.Sessions;

/// <summary>What the client's page says now.</summary>
public enum ClientPageStage
{
    /// <summary>Before the join window: "starts in 2 hours", add to calendar.</summary>
    Upcoming = 0,

    /// <summary>From <see cref="SessionsOptions.JoinOpensBefore"/> before the start until the end: "Join now".</summary>
    JoinOpen = 1,

    /// <summary>The host has started the meeting (and it has not ended): "Join now".</summary>
    HostStarted = 2,

    Ended = 3,

    /// <summary>Cancelled, or its meeting deleted in Zoom.</summary>
    Cancelled = 4,
}

/// <summary>The client page's rules in one place: how long the link answers, and what the page offers at a given moment.</summary>
public static class ClientPageRules
{
    /// <summary>A host who opened the meeting earlier than this before the start was trying it out, not starting the session.</summary>
    public static readonly TimeSpan HostStartCountsFrom = TimeSpan.FromHours(1);

    public static bool IsValid(Session session, DateTimeOffset now) => now < session.ClientPageValidUntil;

    /// <summary>
    /// Whether the host has started: today from the portal's own record that it gave the host a start link; a live state
    /// from Zoom's meeting events can feed the same input.
    /// </summary>
    public static bool HostStarted(Session session) =>
        session.HostStartedAt is { } at && at >= session.StartsAt - HostStartCountsFrom && at < session.EndsAt;

    /// <param name="meetingEnded">Zoom's meeting events say the meeting ended and is not running again.</param>
    public static ClientPageStage StageOf(SessionState state, DateTimeOffset startsAt, DateTimeOffset endsAt, bool hostStarted,
        DateTimeOffset now, TimeSpan joinOpensBefore, bool meetingEnded = false) => state switch
    {
        not SessionState.Scheduled => ClientPageStage.Cancelled,
        _ when now >= endsAt || meetingEnded => ClientPageStage.Ended,
        _ when hostStarted => ClientPageStage.HostStarted,
        _ when now >= startsAt - joinOpensBefore => ClientPageStage.JoinOpen,
        _ => ClientPageStage.Upcoming,
    };

    public static bool CanJoin(ClientPageStage stage) => stage is ClientPageStage.JoinOpen or ClientPageStage.HostStarted;

    /// <summary>When the page's offer changes next (join opens, session ends); null when it will not change any more.</summary>
    public static DateTimeOffset? NextChange(ClientPageStage stage, DateTimeOffset startsAt, DateTimeOffset endsAt, TimeSpan joinOpensBefore) => stage switch
    {
        ClientPageStage.Upcoming => startsAt - joinOpensBefore,
        ClientPageStage.JoinOpen or ClientPageStage.HostStarted => endsAt,
        _ => null,
    };

    /// <summary>"starts in 2 hours", "starts in 1 day", "starts in 5 minutes", "starts in less than a minute".</summary>
    public static string StartsIn(TimeSpan left) => "starts in " + Span(left);

    /// <summary>A span in words, rounded to the unit that matters: "less than a minute", "5 minutes", "2 hours", "3 days".</summary>
    public static string Span(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "less than a minute",
        { TotalHours: < 1 } => Count((int)span.TotalMinutes, "minute"),
        { TotalHours: < 23.5 } => Count((int)Math.Round(span.TotalHours), "hour"),
        _ => Count((int)Math.Round(span.TotalDays), "day"),
    };

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
