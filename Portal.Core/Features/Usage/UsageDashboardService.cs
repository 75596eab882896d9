using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Home;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Usage;

/// <summary>Dashboards of the linked Zoom accounts, read from stored snapshots (never from Zoom while rendering).</summary>
public interface IUsageDashboardService
{
    /// <summary>One card per connection with the same key figures and alerts.</summary>
    Task<IReadOnlyList<UsageCard>> GetOverviewAsync(CancellationToken ct = default);

    /// <summary>Everything about one connection; null when it does not exist.</summary>
    Task<UsageDashboard?> GetDashboardAsync(int connectionId, CancellationToken ct = default);

    /// <summary>Daily figures (maximum per UTC day) of the last <paramref name="days"/> days, aggregated in the database.</summary>
    Task<IReadOnlyList<UsageDayPoint>> GetHistoryAsync(int connectionId, int days, CancellationToken ct = default);

    /// <summary>Starts a snapshot now ("Refresh now"); null when one is already running.</summary>
    Task<long?> RefreshAsync(int connectionId, CancellationToken ct = default);
}

public sealed class UsageDashboardService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomCallStatistics callStatistics,
    IJobRunner jobs,
    IAuditLog audit,
    ICurrentActor currentActor,
    IOptions<UsageAlertOptions> alertOptions,
    IOptions<UsageDashboardOptions> dashboardOptions,
    TimeProvider clock) : IUsageDashboardService
{
    public const int HistoryDays = 90;
    public const int ProjectionDays = 30;

    private sealed record ConnectionRow(int Id, string Name, bool Disabled, string? DisabledReason, string? LastError, DateTimeOffset? LastErrorAt,
        DateTimeOffset? LastVerifiedAt, string GrantedScopes, ConnectionKind Kind, string? LinkedByEmail);

    public async Task<IReadOnlyList<UsageCard>> GetOverviewAsync(CancellationToken ct = default)
    {
        await RequireDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A constant number of queries however many connections there are (one query per figure, for all of them).
        var connections = await ConnectionsQuery(db.ZoomConnections.OrderBy(c => c.Name)).ToListAsync(ct);
        if (connections.Count == 0)
        {
            return [];
        }
        var latest = (await LatestSnapshots(db).ToListAsync(ct)).ToDictionary(s => s.ConnectionId);
        var lastRuns = await db.JobRuns.AsNoTracking()
            .Where(r => SnapshotRuns(db).GroupBy(x => x.ConnectionId).Select(g => g.Max(x => x.Id)).Contains(r.Id))
            .ToDictionaryAsync(r => r.ConnectionId!.Value, ct);
        var pending = await PendingByConnectionAsync(db, ct);
        var ids = connections.Select(c => c.Id).ToList();
        var history = (await HistoryRows(db, ids, ProjectionDays).ToListAsync(ct)).ToLookup(r => r.ConnectionId);
        var reportDays = (await ReportRows(db, ids, ProjectionDays).ToListAsync(ct)).ToLookup(r => r.ConnectionId);
        return connections.Select(c => BuildCard(c, latest.GetValueOrDefault(c.Id), lastRuns.GetValueOrDefault(c.Id),
            pending.GetValueOrDefault(c.Id), Merge(history[c.Id], reportDays[c.Id]))).ToList();
    }

    public async Task<UsageDashboard?> GetDashboardAsync(int connectionId, CancellationToken ct = default)
    {
        await RequireDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await ConnectionsQuery(db.ZoomConnections.Where(x => x.Id == connectionId)).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }
        var latest = await LatestAsync(db, c.Id, ct);
        var lastRun = await LastSnapshotRunAsync(db, c.Id, ct);
        var pending = await PendingAsync(db, c.Id, latest?.TakenAt, ct);
        var history = await HistoryAsync(db, c.Id, HistoryDays, ct);
        var from30 = Today.AddDays(-ProjectionDays + 1);
        var card = BuildCard(c, latest, lastRun, pending, history.Where(h => h.Day >= from30).ToList());

        var plans = latest is null ? [] : JsonSerializer.Deserialize<List<PlanLicenceFigures>>(latest.PlansJson, UsageSnapshotJob.Json) ?? [];
        var needs = await NeedsAsync(db, c.Id, ct);
        var reclaim = await ReclaimAsync(db, c.Id, ct);
        var health = await HealthAsync(db, c, lastRun, ct);
        var consumersJson = await db.UsageSnapshots.Where(s => s.ConnectionId == c.Id && s.ConsumersJson != null)
            .OrderByDescending(s => s.TakenAt).Select(s => s.ConsumersJson).FirstOrDefaultAsync(ct);
        var consumers = consumersJson is null ? null : JsonSerializer.Deserialize<UsageConsumers>(consumersJson, UsageSnapshotJob.Json);
        return new UsageDashboard(card, plans, needs, reclaim, history, health, consumers);
    }

    public async Task<IReadOnlyList<UsageDayPoint>> GetHistoryAsync(int connectionId, int days, CancellationToken ct = default)
    {
        await RequireDirectorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await HistoryAsync(db, connectionId, days, ct);
    }

    public async Task<long?> RefreshAsync(int connectionId, CancellationToken ct = default)
    {
        var actor = await RequireDirectorAsync();
        var runId = await jobs.StartAsync(UsageSnapshotJob.JobName, connectionId, actor.Email ?? actor.Name, ct);
        if (runId is not null)
        {
            await audit.WriteAsync(UsageAuditActions.Refresh, AuditTarget.Connection(connectionId, null), after: new { RunId = runId }, connectionId: connectionId, ct: ct);
        }
        return runId;
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static IQueryable<ConnectionRow> ConnectionsQuery(IQueryable<ZoomConnection> connections) =>
        connections.AsNoTracking().Select(c => new ConnectionRow(c.Id, c.Name, c.Disabled, c.DisabledReason, c.LastError, c.LastErrorAt, c.LastVerifiedAt, c.GrantedScopes, c.Kind, c.LinkedByEmail));

    private Task<Actor> RequireDirectorAsync() => currentActor.RequireDirectorAsync("Only directors and administrators can see the licence and storage dashboards.");

    private static Task<UsageSnapshot?> LatestAsync(PortalDbContext db, int connectionId, CancellationToken ct) =>
        WithoutHeavyColumns(db.UsageSnapshots.AsNoTracking().Where(s => s.ConnectionId == connectionId).OrderByDescending(s => s.TakenAt))
            .FirstOrDefaultAsync(ct);

    /// <summary>Each connection's latest snapshot: the same pick as <see cref="LatestAsync"/>, for every connection in one query.</summary>
    private static IQueryable<UsageSnapshot> LatestSnapshots(PortalDbContext db)
    {
        var latestIds = db.ZoomConnections.Select(c => db.UsageSnapshots.Where(s => s.ConnectionId == c.Id)
            .OrderByDescending(s => s.TakenAt).Select(s => (long?)s.Id).FirstOrDefault());
        return WithoutHeavyColumns(db.UsageSnapshots.AsNoTracking().Where(s => latestIds.Contains(s.Id)));
    }

    private static IQueryable<UsageSnapshot> WithoutHeavyColumns(IQueryable<UsageSnapshot> snapshots) =>
        snapshots.Select(s => new UsageSnapshot
            {
                Id = s.Id, ConnectionId = s.ConnectionId, TakenAt = s.TakenAt, DayBucket = s.DayBucket,
                LicencesPurchased = s.LicencesPurchased, LicencesAssigned = s.LicencesAssigned, PlansJson = s.PlansJson,
                UsersActive = s.UsersActive, UsersPending = s.UsersPending, UsersInactive = s.UsersInactive, UsersLicensed = s.UsersLicensed,
                UsersBasic = s.UsersBasic, UsersOther = s.UsersOther, UsersTotal = s.UsersTotal, UsersSource = s.UsersSource,
                StoragePlanType = s.StoragePlanType, StoragePlanBytes = s.StoragePlanBytes, StorageFreeBytes = s.StorageFreeBytes,
                StorageAllottedBytes = s.StorageAllottedBytes, StorageUsedBytes = s.StorageUsedBytes, StorageUnlimited = s.StorageUnlimited,
                StorageOverageBytes = s.StorageOverageBytes, UnknownFigures = s.UnknownFigures, FallbackReason = s.FallbackReason,
                StorageFreeUsedBytes = s.StorageFreeUsedBytes, StorageHistoryProblem = s.StorageHistoryProblem,
            });

    private static IQueryable<JobRun> SnapshotRuns(PortalDbContext db) =>
        db.JobRuns.Where(r => r.JobName == UsageSnapshotJob.JobName && r.ConnectionId != null && r.Outcome != JobOutcome.Skipped);

    private static Task<JobRun?> LastSnapshotRunAsync(PortalDbContext db, int connectionId, CancellationToken ct) =>
        SnapshotRuns(db).AsNoTracking().Where(r => r.ConnectionId == connectionId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    private static async Task<long> PendingAsync(PortalDbContext db, int connectionId, DateTimeOffset? since, CancellationToken ct)
    {
        var q = db.StorageFreedEstimates.Where(e => e.ConnectionId == connectionId);
        if (since is { } s)
        {
            q = q.Where(e => e.RecordedAt > s);
        }
        return await q.SumAsync(e => (long?)e.Bytes, ct) ?? 0;
    }

    /// <summary>Per connection, the storage freed since its latest snapshot (all of it when it has none), as <see cref="PendingAsync"/>.</summary>
    private static async Task<Dictionary<int, long>> PendingByConnectionAsync(PortalDbContext db, CancellationToken ct)
    {
        var sums = await db.ZoomConnections
            .Select(c => new
            {
                c.Id,
                Since = db.UsageSnapshots.Where(s => s.ConnectionId == c.Id).OrderByDescending(s => s.TakenAt)
                    .Select(s => (DateTimeOffset?)s.TakenAt).FirstOrDefault(),
            })
            .Select(x => new
            {
                x.Id,
                Bytes = db.StorageFreedEstimates.Where(e => e.ConnectionId == x.Id && (x.Since == null || e.RecordedAt > x.Since))
                    .Sum(e => (long?)e.Bytes),
            })
            .ToListAsync(ct);
        return sums.ToDictionary(x => x.Id, x => x.Bytes ?? 0);
    }

    private sealed record DayRow(int ConnectionId, int Day, int? Purchased, int? Assigned, long? Allotted, long? Used, int? Active, int Count);

    private static UsageDayPoint ToPoint(DayRow d) =>
        new(DateOnly.FromDayNumber(d.Day), d.Purchased, d.Assigned, d.Allotted, d.Used, d.Active, d.Count);

    private async Task<IReadOnlyList<UsageDayPoint>> HistoryAsync(PortalDbContext db, int connectionId, int days, CancellationToken ct)
    {
        var rows = await HistoryRows(db, [connectionId], days).ToListAsync(ct);
        var report = await ReportRows(db, [connectionId], days).ToListAsync(ct);
        return Merge(rows, report);
    }

    private sealed record ReportRow(int ConnectionId, int Day, long? Used);

    /// <summary>Days of Zoom's cloud recording report with figures, for the days the portal has no snapshot of.</summary>
    private IQueryable<ReportRow> ReportRows(PortalDbContext db, IReadOnlyList<int> connectionIds, int days)
    {
        var from = Today.AddDays(-days + 1).DayNumber;
        return db.UsageReportDays.AsNoTracking().Where(d => connectionIds.Contains(d.ConnectionId) && d.Day >= from && d.UsedBytes != null)
            .Select(d => new ReportRow(d.ConnectionId, d.Day, d.UsedBytes));
    }

    /// <summary>The portal's own daily figures, and Zoom's report for the days without a snapshot (marked as such).</summary>
    private static List<UsageDayPoint> Merge(IEnumerable<DayRow> own, IEnumerable<ReportRow> report)
    {
        var points = own.Select(ToPoint).ToList();
        var ownDays = points.Select(p => p.Day.DayNumber).ToHashSet();
        points.AddRange(report.Where(r => !ownDays.Contains(r.Day))
            .Select(r => new UsageDayPoint(DateOnly.FromDayNumber(r.Day), null, null, null, r.Used, null, 0) { FromZoomReport = true }));
        return points.OrderBy(p => p.Day).ToList();
    }

    /// <summary>The daily figures (maximum per UTC day) of the connections' last <paramref name="days"/> days, grouped in the database.</summary>
    private IQueryable<DayRow> HistoryRows(PortalDbContext db, IReadOnlyList<int> connectionIds, int days)
    {
        var from = Today.AddDays(-days + 1).DayNumber;
        return db.UsageSnapshots.AsNoTracking().Where(s => connectionIds.Contains(s.ConnectionId) && s.DayBucket >= from)
            .GroupBy(s => new { s.ConnectionId, s.DayBucket })
            .Select(g => new DayRow(g.Key.ConnectionId, g.Key.DayBucket, g.Max(s => s.LicencesPurchased), g.Max(s => s.LicencesAssigned),
                g.Max(s => s.StorageAllottedBytes), g.Max(s => s.StorageUsedBytes), g.Max(s => s.UsersActive), g.Count()));
    }

    private UsageCard BuildCard(ConnectionRow c, UsageSnapshot? s, JobRun? lastRun, long pending, IReadOnlyList<UsageDayPoint> last30)
    {
        var a = alertOptions.Value;
        var now = clock.GetUtcNow();
        var today = Today;
        var licences = new LicenceFigures([], s?.LicencesPurchased, s?.LicencesAssigned);
        var storage = new StorageFigures(s?.StoragePlanType, s?.StoragePlanBytes, s?.StorageFreeBytes, s?.StorageAllottedBytes,
            s?.StorageUsedBytes, s?.StorageUnlimited ?? false, s?.StorageOverageBytes) { FreeUsedBytes = s?.StorageFreeUsedBytes };
        var users = new UserFigures(s?.UsersActive, s?.UsersPending, s?.UsersInactive, s?.UsersLicensed, s?.UsersBasic, s?.UsersOther,
            s?.UsersTotal, s?.UsersSource ?? "");
        var unknown = (s?.UnknownFigures ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var stale = s is not null && now - s.TakenAt > dashboardOptions.Value.StaleAfter;

        var storageProjection = UsageProjection.Project(
            last30.Where(p => p.StorageUsedBytes is not null).Select(p => new DailyValue(p.Day, p.StorageUsedBytes!.Value)).ToList(),
            storage.Unlimited ? null : storage.AllottedBytes, today, v => ByteSize.Format((long)v));
        var licenceProjection = UsageProjection.Project(
            last30.Where(p => p.LicencesAssigned is not null).Select(p => new DailyValue(p.Day, p.LicencesAssigned!.Value)).ToList(),
            licences.Purchased, today, v => $"{v:0.##} licences");
        var storageLevel = storage.Unlimited ? UsageLevel.Ok : UsageLevels.Of(storage.AlertPercent, a.StorageWarnPercent, a.StorageCriticalPercent);
        var licenceLevel = UsageLevels.Of(licences.Percent, a.LicenceWarnPercent, a.LicenceCriticalPercent);

        var link = $"/dashboards/{c.Id}";
        var health = ConnectionHealthRule.Evaluate(new ConnectionHealthFacts(c.Kind, c.Disabled, c.DisabledReason, c.LastVerifiedAt, c.LastError,
            c.GrantedScopes, c.LinkedByEmail, ConnectionHealthRule.SnapshotError(lastRun)));
        if (AccountWideAccess.Reason(AccountWideFeature.UsageDashboards, c.Kind, c.GrantedScopes, c.LinkedByEmail) is { } off)
        {
            return new UsageCard(c.Id, c.Name, c.Disabled, s?.TakenAt, false, licences, storage, users, unknown, s?.FallbackReason, pending,
                storageProjection, licenceProjection, UsageLevel.Ok, UsageLevel.Ok, health,
                [new HomeAlert(AlertSeverity.Info, "Dashboards are switched off for this connection.", off, null, null)])
            {
                SwitchedOffReason = off,
            };
        }

        var alerts = new List<HomeAlert>();
        if (s is null)
        {
            alerts.Add(new HomeAlert(AlertSeverity.Info, "No figures yet.", "Refresh now to take the first snapshot.", link, "Open dashboard"));
        }
        if (storageLevel >= UsageLevel.Warning)
        {
            alerts.Add(new HomeAlert(storageLevel == UsageLevel.Critical ? AlertSeverity.Critical : AlertSeverity.Warning,
                $"Recording storage {storage.AlertPercent:0}% full.", StorageAlertDetail(storage), link, "Open dashboard"));
        }
        if (storage.OverageBytes is > 0)
        {
            alerts.Add(new HomeAlert(AlertSeverity.Critical, $"Storage overage of {ByteSize.Format(storage.OverageBytes)}.",
                "Zoom bills or blocks recordings beyond the plan; clean up recordings.", "/recordings/cleanup", "Recordings clean-up"));
        }
        if (licenceLevel >= UsageLevel.Warning)
        {
            alerts.Add(new HomeAlert(licenceLevel == UsageLevel.Critical ? AlertSeverity.Critical : AlertSeverity.Warning,
                $"Licences {licences.Percent:0}% assigned.",
                $"{licences.Assigned} of {licences.Purchased} assigned, {licences.Free} free.", link, "Open dashboard"));
        }
        if (storageProjection.DaysLeft(today) is { } sd && sd <= a.ProjectionWarnDays && storageLevel < UsageLevel.Critical)
        {
            alerts.Add(new HomeAlert(AlertSeverity.Warning, $"Storage runs out around {storageProjection.RunsOutOn:yyyy-MM-dd}.",
                "At the trend of the last 30 days.", link, "Open dashboard"));
        }
        if (licenceProjection.DaysLeft(today) is { } ld && ld <= a.ProjectionWarnDays && licenceLevel < UsageLevel.Critical)
        {
            alerts.Add(new HomeAlert(AlertSeverity.Warning, $"Licences run out around {licenceProjection.RunsOutOn:yyyy-MM-dd}.",
                "At the trend of the last 30 days.", link, "Open dashboard"));
        }
        if (health.State == HealthState.Failing)
        {
            alerts.Add(new HomeAlert(AlertSeverity.Warning, "Connection failing.", health.Reason, link, "Open dashboard"));
        }
        if (stale)
        {
            alerts.Add(new HomeAlert(AlertSeverity.Info, "Figures are out of date.",
                $"The last snapshot is from {s!.TakenAt:yyyy-MM-dd HH:mm} UTC.", link, "Open dashboard"));
        }

        return new UsageCard(c.Id, c.Name, c.Disabled, s?.TakenAt, stale, licences, storage, users, unknown, s?.FallbackReason, pending,
            storageProjection, licenceProjection, storageLevel, licenceLevel, health,
            alerts.OrderByDescending(x => x.Severity).ToList())
        {
            StorageHistoryProblem = s?.StorageHistoryProblem,
        };
    }

    private static IReadOnlyList<ScopeCheck> ScopeChecks(string grantedScopes)
    {
        if (string.IsNullOrWhiteSpace(grantedScopes))
        {
            return [];
        }
        var granted = grantedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return ZoomScopes.Needs.Select(n => new ScopeCheck(n.Feature, n.Required, n.IsMetBy(granted))).ToList();
    }

    private static string StorageAlertDetail(StorageFigures storage)
    {
        if (storage.PlanPercent is null)
        {
            return $"{ByteSize.Format(storage.UsedBytes)} used of {ByteSize.Format(storage.AllottedBytes)} (plan storage and free storage together: Zoom did not say how much of each is used).";
        }
        var free = storage.FreeBytes is > 0 ? $"; free storage: {ByteSize.Format(storage.FreeUsedBytes)} used of {ByteSize.Format(storage.FreeBytes)}" : "";
        return $"{ByteSize.Format(storage.PlanUsedBytes)} used of {ByteSize.Format(storage.PlanBytes)} plan storage{free}.";
    }

    private static async Task<LicenceNeeds> NeedsAsync(PortalDbContext db, int connectionId, CancellationToken ct)
    {
        var counts = await db.StaffMappings.AsNoTracking()
            .Where(m => m.StaffMember!.Active && (m.ConnectionId == connectionId || (m.ConnectionId == null && m.StaffMember.ConnectionId == connectionId)))
            .Where(m => m.Status == MappingStatus.Basic || m.Status == MappingStatus.Pending || m.Status == MappingStatus.NotInZoom)
            .GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new LicenceNeeds(counts.GetValueOrDefault(MappingStatus.Basic), counts.GetValueOrDefault(MappingStatus.Pending),
            counts.GetValueOrDefault(MappingStatus.NotInZoom));
    }

    private async Task<ReclaimCandidates> ReclaimAsync(PortalDbContext db, int connectionId, CancellationToken ct)
    {
        var days = dashboardOptions.Value.ReclaimAfterDays;
        var link = $"/staff?filter=reclaim&connection={connectionId}";
        var latestSync = await db.ZoomUserSnapshots.Where(u => u.ConnectionId == connectionId).MaxAsync(u => (long?)u.SyncRunId, ct);
        if (latestSync is null)
        {
            return new ReclaimCandidates(null, days, link);
        }
        var cutoff = clock.GetUtcNow().AddDays(-days);
        var count = await db.ZoomUserSnapshots.CountAsync(u => u.ConnectionId == connectionId && u.SyncRunId == latestSync
            && u.Type == (int)ZoomUserType.Licensed && u.Status.ToLower() == "active"
            && (u.LastLoginAt == null || u.LastLoginAt < cutoff), ct);
        return new ReclaimCandidates(count, days, link);
    }

    private async Task<ConnectionHealth> HealthAsync(PortalDbContext db, ConnectionRow c, JobRun? lastRun, CancellationToken ct)
    {
        var sync = await db.SyncRuns.AsNoTracking().Where(r => r.ConnectionId == c.Id).OrderByDescending(r => r.Id)
            .Select(r => new LastRun(r.StartedAt, r.EndedAt, r.EndedAt == null ? null : r.Succeeded, null, r.Error))
            .FirstOrDefaultAsync(ct);
        var snapshotRun = lastRun is null ? null : new LastRun(lastRun.StartedAt, lastRun.EndedAt,
            lastRun.Outcome switch { JobOutcome.Succeeded => true, JobOutcome.Failed => false, _ => null }, lastRun.Summary, lastRun.Error);
        var (tokenWorks, tokenText) = (lastRun?.Outcome, c.LastVerifiedAt) switch
        {
            (JobOutcome.Succeeded, _) => ((bool?)true, $"Worked at the last refresh ({lastRun!.EndedAt ?? lastRun.StartedAt:yyyy-MM-dd HH:mm} UTC)."),
            (JobOutcome.Failed, _) => (false, $"The last refresh failed: {lastRun!.Error}"),
            (_, { } verified) => (c.LastError is null, $"Last verified {verified:yyyy-MM-dd HH:mm} UTC."),
            _ => (null, "Not checked yet."),
        };
        var plan = dashboardOptions.Value.ZoomApiPlan;
        var stats = callStatistics.Get($"connection:{c.Id}");
        return new ConnectionHealth(tokenWorks, tokenText, c.LastVerifiedAt, ScopeChecks(c.GrantedScopes), sync, snapshotRun,
            c.LastError, c.LastErrorAt, plan, ZoomApiLimits.Evaluate(plan, stats.Calls), stats.TooManyRequests, stats.DailyLimitsHit,
            stats.TokenRequests);
    }
}
