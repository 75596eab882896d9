using Portal.Core.Data;
using Portal.Core.Features.Notifications;

namespace Portal.Core.Features.Alerts;

/// <summary>Tells administrators when a connection's staff sync fails ("staff-sync:{id}"), once until a sync succeeds again.</summary>
public sealed class StaffSyncAlerts(INotificationOutbox outbox, IPortalLinks links)
{
    public static string Key(int connectionId) => $"staff-sync:{connectionId}";

    /// <summary>With the failed run, before it is saved.</summary>
    public async Task FailedAsync(PortalDbContext db, int connectionId, string? connectionName, string reason, CancellationToken ct)
    {
        if (!await outbox.RaiseAsync(db, Key(connectionId), ct))
        {
            return;
        }
        var name = connectionName ?? $"connection {connectionId}";
        var subject = $"Staff sync failed on {name}";
        var content = new MailContent(subject, subject,
        [
            $"The portal could not read the Zoom users of {name}: {reason}",
            "Until a sync succeeds, the staff list and the hosts' licences are as of the last successful sync. "
                + "Fix the cause (the connection's page shows whether Zoom accepts it), then run Sync now on the staff page.",
        ])
        {
            Action = new MailLink("Open the staff page", links.To($"/staff?connection={connectionId}")),
            Links = [new MailLink("The connection", links.To($"/connections/{connectionId}")), new MailLink("Background jobs", links.To("/jobs"))],
        };
        await outbox.QueueForRoleAsync(db, NotificationKind.StaffSyncFailed, content, connectionId, ct);
    }

    /// <summary>With the successful run, before it is saved: the next failure is reported again.</summary>
    public Task SucceededAsync(PortalDbContext db, int connectionId, CancellationToken ct) => outbox.ClearAsync(db, Key(connectionId), ct);
}
