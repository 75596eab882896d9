using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Usage;
using Portal.Core.Text;

namespace Portal.Core.Features.Alerts;

/// <summary>
/// Tells directors when a connection's cloud recording storage or licences cross a level (warning, critical, full / none left) or
/// storage is projected to be full within Alerts:ProjectionWarnDays. One message per level crossing ("storage:{id}:{level}"):
/// again only after the figure went below that level and came back; a higher level after a lower one is a new message.
/// </summary>
public sealed class UsageAlerts(INotificationOutbox outbox, IPortalLinks links, IOptions<UsageAlertOptions> options, TimeProvider clock)
{
    private sealed record Level(string Name, double Percent);

    public static string StorageKey(int connectionId, string level) => $"storage:{connectionId}:{level}";

    public static string LicenceKey(int connectionId, string level) => $"licences:{connectionId}:{level}";

    /// <summary>With a new snapshot, before it is saved.</summary>
    public async Task ReviewAsync(PortalDbContext db, UsageSnapshot snapshot, CancellationToken ct)
    {
        var id = snapshot.ConnectionId;
        var name = await db.ZoomConnections.Where(c => c.Id == id).Select(c => c.Name).FirstAsync(ct);
        var a = options.Value;
        var storage = new StorageFigures(snapshot.StoragePlanType, snapshot.StoragePlanBytes, snapshot.StorageFreeBytes, snapshot.StorageAllottedBytes,
            snapshot.StorageUsedBytes, snapshot.StorageUnlimited, snapshot.StorageOverageBytes) { FreeUsedBytes = snapshot.StorageFreeUsedBytes };
        var storagePercent = storage.Unlimited ? 0 : storage.AlertPercent;
        var storageLevels = new[] { new Level("warning", a.StorageWarnPercent), new Level("critical", a.StorageCriticalPercent), new Level("full", 100) };
        if (await CrossedAsync(db, storagePercent, storageLevels, level => StorageKey(id, level), ct) is { } storageLevel)
        {
            await outbox.QueueForRoleAsync(db, NotificationKind.StorageThreshold, StorageContent(id, name, storage, storageLevel), id, ct);
        }
        await ReviewProjectionAsync(db, snapshot, name, storage, storagePercent >= a.StorageCriticalPercent, ct);

        var licences = new LicenceFigures([], snapshot.LicencesPurchased, snapshot.LicencesAssigned);
        var licenceLevels = new[] { new Level("warning", a.LicenceWarnPercent), new Level("critical", a.LicenceCriticalPercent), new Level("none-left", 100) };
        if (await CrossedAsync(db, licences.Percent, licenceLevels, level => LicenceKey(id, level), ct) is { } licenceLevel)
        {
            await outbox.QueueForRoleAsync(db, NotificationKind.LicencesRunningOut, LicenceContent(id, name, licences, licenceLevel), id, ct);
        }
    }

    /// <summary>Raises the levels reached and clears the others; the highest level newly reached, if any. An unknown figure changes nothing.</summary>
    private async Task<Level?> CrossedAsync(PortalDbContext db, double? percent, IEnumerable<Level> levels, Func<string, string> key, CancellationToken ct)
    {
        if (percent is not { } p)
        {
            return null;
        }
        Level? crossed = null;
        foreach (var level in levels.OrderBy(l => l.Percent))
        {
            if (p < level.Percent)
            {
                await outbox.ClearAsync(db, key(level.Name), ct);
            }
            else if (await outbox.RaiseAsync(db, key(level.Name), ct))
            {
                crossed = level;
            }
        }
        return crossed;
    }

    private async Task ReviewProjectionAsync(PortalDbContext db, UsageSnapshot snapshot, string name, StorageFigures storage, bool critical,
        CancellationToken ct)
    {
        var id = snapshot.ConnectionId;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var projection = UsageProjection.Project(await StorageDaysAsync(db, snapshot, today, ct), storage.Unlimited ? null : storage.AllottedBytes, today,
            v => ByteSize.Format((long)v));
        var key = StorageKey(id, "projection");
        if (projection.DaysLeft(today) is not { } days || days > options.Value.ProjectionWarnDays)
        {
            await outbox.ClearAsync(db, key, ct);
            return;
        }
        // At the critical level the level's own message says more; the projection stays raised so it does not follow it.
        if (await outbox.RaiseAsync(db, key, ct) && !critical)
        {
            var subject = $"Cloud recording storage on {name} will be full in about {Plural.Of(days, "day")}";
            var content = new MailContent(subject, subject,
            [
                $"At the trend of the last {UsageDashboardService.ProjectionDays} days, the cloud recording storage of {name} runs out around "
                    + $"{projection.RunsOutOn!.Value.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}. {Used(storage)}",
                "Delete recordings that are no longer needed on the recordings clean-up page, or buy more storage in Zoom.",
            ])
            {
                Action = new MailLink("Open the dashboard", links.To($"/dashboards/{id}")),
                Links = [new MailLink("Recordings clean-up", links.To($"/recordings/cleanup?connection={id}"))],
            };
            await outbox.QueueForRoleAsync(db, NotificationKind.StorageThreshold, content, id, ct);
        }
    }

    /// <summary>Storage used per day of the dashboards' projection window (the highest per day, Zoom's report for days without a snapshot), today's from the new snapshot.</summary>
    private static async Task<List<DailyValue>> StorageDaysAsync(PortalDbContext db, UsageSnapshot snapshot, DateOnly today, CancellationToken ct)
    {
        var from = today.AddDays(-UsageDashboardService.ProjectionDays + 1).DayNumber;
        var own = await db.UsageSnapshots.AsNoTracking()
            .Where(s => s.ConnectionId == snapshot.ConnectionId && s.DayBucket >= from && s.StorageUsedBytes != null)
            .GroupBy(s => s.DayBucket).Select(g => new { Day = g.Key, Used = g.Max(s => s.StorageUsedBytes)!.Value })
            .ToDictionaryAsync(d => d.Day, d => d.Used, ct);
        var report = await db.UsageReportDays.AsNoTracking()
            .Where(d => d.ConnectionId == snapshot.ConnectionId && d.Day >= from && d.UsedBytes != null)
            .Select(d => new { d.Day, Used = d.UsedBytes!.Value }).ToListAsync(ct);
        foreach (var r in report)
        {
            own.TryAdd(r.Day, r.Used);
        }
        if (snapshot.StorageUsedBytes is { } used)
        {
            own[snapshot.DayBucket] = Math.Max(used, own.GetValueOrDefault(snapshot.DayBucket));
        }
        return own.OrderBy(d => d.Key).Select(d => new DailyValue(DateOnly.FromDayNumber(d.Key), d.Value)).ToList();
    }

    private MailContent StorageContent(int id, string name, StorageFigures storage, Level level)
    {
        var subject = level.Name == "full"
            ? $"Cloud recording storage full on {name}"
            : $"Cloud recording storage at {Percent(storage.AlertPercent)} on {name}";
        var next = level.Name == "full"
            ? "Zoom cannot keep new cloud recordings beyond the plan's storage (or bills the overage)."
            : "When it is full, Zoom cannot keep new cloud recordings beyond the plan's storage (or bills the overage).";
        return new MailContent(subject, subject,
        [
            Used(storage),
            next + " Delete recordings that are no longer needed on the recordings clean-up page, or buy more storage in Zoom.",
        ])
        {
            Action = new MailLink("Open the dashboard", links.To($"/dashboards/{id}")),
            Links = [new MailLink("Recordings clean-up", links.To($"/recordings/cleanup?connection={id}"))],
        };
    }

    private MailContent LicenceContent(int id, string name, LicenceFigures licences, Level level)
    {
        var subject = level.Name == "none-left"
            ? $"No Zoom licences left on {name}"
            : $"Zoom licences at {Percent(licences.Percent)} on {name}: {Plural.Of(licences.Free ?? 0, "licence")} left";
        return new MailContent(subject, subject,
        [
            string.Create(CultureInfo.InvariantCulture, $"{licences.Assigned:N0} of {Plural.Of(licences.Purchased ?? 0, "licence")} assigned, {licences.Free:N0} free."),
            "New staff cannot get a licence (and Basic hosts cannot be upgraded) once none are left. The dashboard lists licensed users "
                + "who have not signed in for a long time, whose licences can be reclaimed; or buy more licences in Zoom.",
        ])
        {
            Action = new MailLink("Open the dashboard", links.To($"/dashboards/{id}")),
        };
    }

    private static string Used(StorageFigures s) => s.PlanPercent is not null
        ? $"{ByteSize.Format(s.PlanUsedBytes)} used of {ByteSize.Format(s.PlanBytes)} plan storage ({Percent(s.PlanPercent)})."
        : $"{ByteSize.Format(s.UsedBytes)} used of {ByteSize.Format(s.AllottedBytes)} ({Percent(s.Percent)}).";

    /// <summary>Rounded like the dashboards, but never "100%" before it is full.</summary>
    private static string Percent(double? p) =>
        p is { } v ? Math.Min(Math.Round(v), v < 100 ? 99 : double.MaxValue).ToString("0", CultureInfo.InvariantCulture) + "%" : "an unknown share";
}
