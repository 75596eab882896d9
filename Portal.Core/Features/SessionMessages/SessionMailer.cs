using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;

namespace Portal.Core.Features.SessionMessages;

/// <summary>
/// What teachers and clients are told about a session, queued in the caller's context (never saved here), so the change and its
/// messages commit together. Teachers get a link to the session's portal page, clients to their own page (/join/{token}); no
/// message carries a Zoom start link. Client times are in the session's zone with its UTC offset, with the session's .ics.
/// </summary>
public sealed class SessionMailer(
    INotificationOutbox outbox,
    IPortalLinks links,
    JoinLinkSecrets secrets,
    ClientReminderOptOuts optOuts,
    IOptions<SessionsOptions> options,
    TimeProvider clock)
{
    /// <summary>Set when the client's reminder went out (or is not needed); cleared when the session moves, so the new time is reminded.</summary>
    public static string ReminderKey(long sessionId) => $"client-reminder:{sessionId}";

    public async Task ScheduledAsync(PortalDbContext db, Session session, StaffMember host, string token, CancellationToken ct)
    {
        var when = When(session);
        await ToTeacherAsync(db, NotificationKind.TeacherSessionScheduled, session, host, new MailContent(
            $"New session: {session.Topic}, {when}",
            "A session was scheduled for you",
            [$"{session.Topic} with {session.ClientName}: {when}, {session.DurationMinutes} minutes.", ScheduledBy(session)])
        { Action = SessionPage(session) }, ct);
        await ToClientAsync(db, NotificationKind.ClientSessionLink, session, LinkContent(session, host, token, when), ct);
        await SettleReminderAsync(db, session, ct);
    }

    /// <summary>The session's time, length or topic changed (<paramref name="oldStart"/> and <paramref name="oldTimeZone"/> before the change).</summary>
    public async Task ChangedAsync(PortalDbContext db, Session session, StaffMember host, DateTimeOffset oldStart, string oldTimeZone, CancellationToken ct)
    {
        var moved = oldStart != session.StartsAt;
        var when = When(session);
        var before = SessionTime.FormatLong(oldStart, oldTimeZone);
        var what = moved ? $"It was moved from {before} to {when}." : $"It is still on {when}; its details changed.";
        await ToTeacherAsync(db, NotificationKind.TeacherSessionChanged, session, host, new MailContent(
            moved ? $"Session moved: {session.Topic}, now {when}" : $"Session changed: {session.Topic}, {when}",
            moved ? "Your session was moved" : "Your session was changed",
            [$"{session.Topic} with {session.ClientName}, {session.DurationMinutes} minutes.", what])
        { Action = SessionPage(session) }, ct);

        var link = ClientLink(session);
        await ToClientAsync(db, NotificationKind.ClientSessionChanged, session, new MailContent(
            moved ? $"Your session moved: {session.Topic}, now {when}" : $"Your session changed: {session.Topic}, {when}",
            moved ? "Your session was moved" : "Your session was changed",
            [Greeting(session), $"{session.Topic} with {host.Name}, {session.DurationMinutes} minutes. {what}",
                "Your link stays the same. The attached calendar file updates the session in your calendar."])
        {
            Action = link is null ? null : new MailLink("Open your session", link.AbsoluteUri),
            Calendar = Calendar(session, host, link),
        }, ct);
        if (moved)
        {
            await outbox.ClearAsync(db, ReminderKey(session.Id), ct);
            await SettleReminderAsync(db, session, ct);
        }
    }

    public async Task CancelledAsync(PortalDbContext db, Session session, StaffMember host, CancellationToken ct)
    {
        var when = When(session);
        await ToTeacherAsync(db, NotificationKind.TeacherSessionChanged, session, host, new MailContent(
            $"Session cancelled: {session.Topic}, {when}",
            "Your session was cancelled",
            [$"{session.Topic} with {session.ClientName} on {when} was cancelled and its Zoom meeting deleted."])
        { Action = SessionPage(session) }, ct);
        await ToClientAsync(db, NotificationKind.ClientSessionChanged, session, new MailContent(
            $"Cancelled: {session.Topic}, {when}",
            "Your session was cancelled",
            [Greeting(session), $"{session.Topic} with {host.Name} on {when} was cancelled. Its link no longer works.",
                "The attached calendar file removes the session from your calendar."])
        { Calendar = Calendar(session, host, ClientLink(session)) }, ct);
    }

    /// <summary>The old host no longer has the session; the new host has it as a newly scheduled one.</summary>
    public async Task HostChangedAsync(PortalDbContext db, Session session, StaffMember oldHost, StaffMember newHost, CancellationToken ct)
    {
        var when = When(session);
        await ToTeacherAsync(db, NotificationKind.TeacherSessionChanged, session, oldHost, new MailContent(
            $"Session handed over: {session.Topic}, {when}",
            "A session is no longer yours",
            [$"{session.Topic} with {session.ClientName} on {when} is now hosted by {newHost.Name}. You do not need to start it."]), ct);
        await ToTeacherAsync(db, NotificationKind.TeacherSessionScheduled, session, newHost, new MailContent(
            $"New session: {session.Topic}, {when}",
            "A session was handed over to you",
            [$"{session.Topic} with {session.ClientName}: {when}, {session.DurationMinutes} minutes.", $"It was hosted by {oldHost.Name} before."])
        { Action = SessionPage(session) }, ct);
    }

    /// <summary>A new link replaced the old one: the client receives it (the old one no longer works).</summary>
    public Task NewLinkAsync(PortalDbContext db, Session session, StaffMember host, string token, CancellationToken ct)
    {
        var content = LinkContent(session, host, token, When(session));
        return ToClientAsync(db, NotificationKind.ClientSessionLink, session, content with
        {
            Subject = $"Your new link: {session.Topic}, {When(session)}",
            Heading = "Your session has a new link",
            Paragraphs = [.. content.Paragraphs, "The link you received before no longer works."],
        }, ct);
    }

    public Task RecordingReadyAsync(PortalDbContext db, Session session, StaffMember host, CancellationToken ct) =>
        ToTeacherAsync(db, NotificationKind.TeacherRecordingReady, session, host, new MailContent(
            $"Recording ready: {session.Topic}, {When(session)}",
            "A recording of your session is ready",
            [$"Zoom finished the recording of {session.Topic} with {session.ClientName} ({When(session)}). Play it or publish it for the client on the session's page."])
        { Action = SessionPage(session) }, ct);

    public async Task RecordingPublishedAsync(PortalDbContext db, Session session, StaffMember host, DateTimeOffset until, CancellationToken ct)
    {
        if (ClientLink(session) is not { } link)
        {
            return;
        }
        await ToClientAsync(db, NotificationKind.ClientRecordingPublished, session, new MailContent(
            $"Recording available: {session.Topic}",
            "The recording of your session is available",
            [Greeting(session), $"The recording of {session.Topic} with {host.Name} ({When(session)}) can be watched on your session's page until {SessionTime.FormatLong(until, session.TimeZone)}."])
        { Action = new MailLink("Watch the recording", link.AbsoluteUri) }, ct);
    }

    /// <summary>The reminder a while before the start, with the one-click opt-out (List-Unsubscribe).</summary>
    public Task ReminderAsync(PortalDbContext db, Session session, string hostName, CancellationToken ct)
    {
        var when = When(session);
        var link = ClientLink(session);
        var content = new MailContent(
            $"Reminder: {session.Topic}, {when}",
            "Your session is coming up",
            [Greeting(session), $"{session.Topic} with {hostName}: {when}, {session.DurationMinutes} minutes.",
                link is null ? "Use the link you received when the session was booked." : "\"Join now\" appears on your session's page shortly before the start."])
        {
            Action = link is null ? null : new MailLink("Open your session", link.AbsoluteUri),
        };
        var to = new Addressee(session.ClientEmail, session.ClientName,
            NotificationOutbox.IsAddress(session.ClientEmail.Trim()) ? optOuts.UrlFor(session.ClientEmail) : null);
        return outbox.QueueToAsync(db, NotificationKind.ClientReminder, to, content, session.Id, session.ConnectionId, ct);
    }

    private MailContent LinkContent(Session session, StaffMember host, string token, string when)
    {
        var link = JoinLink(token);
        return new MailContent(
            $"Your session: {session.Topic}, {when}",
            "Your session is booked",
            [Greeting(session), $"{session.Topic} with {host.Name}: {when}, {session.DurationMinutes} minutes.",
                "Open your session's link to join: \"Join now\" appears there shortly before the start. Keep this e-mail; the attached calendar file adds the session to your calendar."])
        {
            Action = new MailLink("Open your session", link.AbsoluteUri),
            Calendar = Calendar(session, host, link),
        };
    }

    /// <summary>A session that starts within the reminder time gets no separate reminder: the message just queued serves as one.</summary>
    private async Task SettleReminderAsync(PortalDbContext db, Session session, CancellationToken ct)
    {
        var before = options.Value.ClientReminderBefore;
        if (before > TimeSpan.Zero && session.StartsAt - clock.GetUtcNow() <= before)
        {
            await outbox.RaiseAsync(db, ReminderKey(session.Id), ct);
        }
    }

    private Task ToTeacherAsync(PortalDbContext db, NotificationKind kind, Session session, StaffMember host, MailContent content, CancellationToken ct) =>
        outbox.QueueToAsync(db, kind, new Addressee(host.Email, host.Name), content, session.Id, session.ConnectionId, ct);

    private Task ToClientAsync(PortalDbContext db, NotificationKind kind, Session session, MailContent content, CancellationToken ct) =>
        outbox.QueueToAsync(db, kind, new Addressee(session.ClientEmail, session.ClientName), content, session.Id, session.ConnectionId, ct);

    private MailCalendar? Calendar(Session session, StaffMember host, Uri? link) => link is null
        ? null
        : new MailCalendar("invitation.ics", SessionCalendar.Write(SessionCalendar.For(session, host.Name, link, clock.GetUtcNow())));

    private Uri? ClientLink(Session session) => secrets.Reveal(session) is { } token ? JoinLink(token) : null;

    private Uri JoinLink(string token) => new(links.To("/join/" + token));

    private MailLink SessionPage(Session session) => new("Open the session", links.To($"/sessions/{session.Id}"));

    private static string When(Session session) => SessionTime.FormatLong(session.StartsAt, session.TimeZone);

    private static string Greeting(Session session) => $"Hello {session.ClientName},";

    private static string ScheduledBy(Session session) =>
        session.CreatedBy is { Length: > 0 } by ? $"Scheduled by {by}." : "Scheduled in the portal.";
}
