using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Sessions;
using Portal.Core.Text;

namespace Portal.Core.Features.Alerts;

/// <summary>
/// Tells directors which upcoming sessions have a host who cannot host, with the fix: ONE message per host check run listing every
/// newly found problem ("host:{session}:{staff member}"), each reported once until the session's host passes the check again.
/// </summary>
public sealed class HostAlerts(INotificationOutbox outbox, IPortalLinks links)
{
    public sealed record Checked(Session Session, string? Warning);

    public static string Key(Session session) => $"{Prefix(session.Id)}{session.StaffMemberId}";

    private static string Prefix(long sessionId) => $"host:{sessionId}:";

    /// <summary>After a run's checks, before the context is saved; the sessions' StaffMember is loaded.</summary>
    public async Task ReportAsync(PortalDbContext db, IReadOnlyList<Checked> results, CancellationToken ct)
    {
        // A meeting deleted in Zoom is no longer a host's problem: the session page and the home page say it.
        bool HostProblem(Checked r) => r.Warning is not null && r.Session.State == SessionState.Scheduled;
        var fine = results.Where(r => !HostProblem(r)).Select(r => Prefix(r.Session.Id)).ToHashSet(StringComparer.Ordinal);
        if (fine.Count > 0)
        {
            var active = await db.NotificationConditions.AsNoTracking()
                .Where(c => c.Key.StartsWith("host:") && c.ClearedAt == null).Select(c => c.Key).ToListAsync(ct);
            foreach (var key in active.Where(k => fine.Contains(k[..(k.LastIndexOf(':') + 1)])))
            {
                await outbox.ClearAsync(db, key, ct);
            }
        }
        var found = new List<Checked>();
        foreach (var problem in results.Where(HostProblem))
        {
            if (await outbox.RaiseAsync(db, Key(problem.Session), ct))
            {
                found.Add(problem);
            }
        }
        if (found.Count == 0)
        {
            return;
        }
        var connections = found.Select(f => f.Session.ConnectionId).Distinct().ToList();
        await outbox.QueueForRoleAsync(db, NotificationKind.HostCannotHost, Content(found), connections.Count == 1 ? connections[0] : null,
            found.Count == 1 ? found[0].Session.Id : null, ct);
    }

    private MailContent Content(List<Checked> found)
    {
        static string Line(Checked c) =>
            $"\"{c.Session.Topic}\", {SessionTime.Format(c.Session.StartsAt, c.Session.TimeZone)}, host {c.Session.StaffMember?.Name}: {c.Warning}";

        if (found.Count == 1)
        {
            var one = found[0];
            var subject = $"{one.Session.StaffMember?.Name} cannot host \"{one.Session.Topic}\" on {SessionTime.Format(one.Session.StartsAt, one.Session.TimeZone)}";
            return new MailContent(subject, subject,
            [
                Line(one),
                "Change the host on the session's page, or fix the host's Zoom user (assign a licence, reactivate the user, or ask them to accept Zoom's invitation).",
            ])
            {
                Action = new MailLink("Open the session", links.To($"/sessions/{one.Session.Id}")),
                Links = [new MailLink($"{one.Session.StaffMember?.Name}'s staff record", links.To($"/staff/{one.Session.StaffMemberId}"))],
            };
        }
        var many = $"{Plural.Of(found.Count, "upcoming session")} have a host who cannot host";
        var ordered = found.OrderBy(f => f.Session.StartsAt).ToList();
        return new MailContent(many, many,
        [
            $"The host check found {Plural.Of(found.Count, "session")} whose host cannot host as planned:",
            .. ordered.Select(Line),
            "Open each session to change its host, or fix the hosts' Zoom users (assign licences, reactivate users, or ask them to accept Zoom's invitation).",
        ])
        {
            Action = new MailLink("Open the sessions list", links.To("/sessions")),
            Links = ordered.Select(f => new MailLink($"\"{f.Session.Topic}\" ({f.Session.StaffMember?.Name})", links.To($"/sessions/{f.Session.Id}"))).ToList(),
        };
    }
}
