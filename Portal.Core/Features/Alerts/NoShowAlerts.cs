using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.Sessions;

namespace Portal.Core.Features.Alerts;

/// <summary>Tells directors about a no-show once its outcome is final ("no-show:{session}"): one message per session, never repeated.</summary>
public sealed class NoShowAlerts(INotificationOutbox outbox, IPortalLinks links)
{
    public static string Key(long sessionId) => $"no-show:{sessionId}";

    /// <summary>After the session's outcome was recomputed in <paramref name="db"/>, before it is saved.</summary>
    public async Task ReviewAsync(PortalDbContext db, long sessionId, CancellationToken ct)
    {
        var outcome = db.SessionOutcomes.Local.FirstOrDefault(o => o.SessionId == sessionId)
            ?? await db.SessionOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.SessionId == sessionId, ct);
        if (outcome is not { Final: true } || outcome.Shown is not (OutcomeStatus.HostDidNotCome or OutcomeStatus.ClientDidNotCome)
            || !await outbox.RaiseAsync(db, Key(sessionId), ct))
        {
            return;
        }
        var s = await db.Sessions.AsNoTracking().Where(x => x.Id == sessionId)
            .Select(x => new { x.Topic, x.StartsAt, x.TimeZone, x.ClientName, x.ConnectionId, x.StaffMemberId, Host = x.StaffMember!.Name })
            .FirstAsync(ct);
        var when = SessionTime.Format(s.StartsAt, s.TimeZone);
        var hostMissing = outcome.Shown == OutcomeStatus.HostDidNotCome;
        var subject = hostMissing
            ? $"No-show: the host {s.Host} did not come to \"{s.Topic}\" on {when}"
            : $"No-show: {s.ClientName} did not come to \"{s.Topic}\" on {when}";
        var content = new MailContent(subject, subject,
        [
            hostMissing
                ? $"{s.Host} did not join the session \"{s.Topic}\" with {s.ClientName} ({when}), according to Zoom's meeting reports."
                : $"{s.ClientName} did not join the session \"{s.Topic}\" with {s.Host} ({when}), according to Zoom's meeting reports.",
            "If this is wrong (someone joined under another name), open the session to match the participant or correct the outcome.",
        ])
        {
            Action = new MailLink("Open the session", links.To($"/sessions/{sessionId}")),
            Links = [new MailLink("Attendance report", links.To("/reports/attendance"))],
        };
        await outbox.QueueForRoleAsync(db, NotificationKind.NoShow, content, s.ConnectionId, sessionId, ct);
    }
}
