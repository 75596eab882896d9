using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Connections;
using Portal.Core.Jobs;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Usage;

/// <summary>Stores one usage snapshot of a connection: licences, users, storage and, when asked, the largest recording consumers.</summary>
public sealed class UsageSnapshotJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomTargetResolver targets,
    IZoomUsers zoom,
    IZoomAccountReports zoomAccount,
    IZoomRecordings zoomRecordings,
    StorageHistoryBackfill history,
    UsageAlerts alerts,
    ConnectionAlerts connectionAlerts,
    IOptions<UsageDashboardOptions> options,
    TimeProvider clock,
    ILogger<UsageSnapshotJob> logger) : IPortalJob
{
    public const string JobName = "UsageSnapshot";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => JobName;
    public string DefaultSchedule => "01:00:00";
    public bool PerConnection => true;
    public AccountWideFeature? NeedsWholeAccount => AccountWideFeature.UsageDashboards;

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var connectionId = context.ConnectionId ?? throw new InvalidOperationException("The usage snapshot runs per connection.");
        try
        {
            return await SnapshotAsync(connectionId, context, ct);
        }
        catch (Exception ex) when (ZoomRefusal.From(ex, clock) is { Kind: ZoomRefusalKind.CredentialsRefused or ZoomRefusalKind.ScopeMissing } refusal)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.ZoomConnections.FirstOrDefaultAsync(c => c.Id == connectionId, ct) is { } connection)
            {
                await connectionAlerts.RefusedAsync(db, connection, refusal, ct);
                await db.SaveChangesAsync(ct);
            }
            throw;
        }
    }

    private async Task<string?> SnapshotAsync(int connectionId, JobContext context, CancellationToken ct)
    {
        string grantedScopes;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await AccountWideAccess.ReasonAsync(db, connectionId, AccountWideFeature.UsageDashboards, ct) is { } off)
            {
                throw new AccountWideAccessRequiredException(AccountWideFeature.UsageDashboards, off);
            }
            grantedScopes = await db.ZoomConnections.Where(c => c.Id == connectionId).Select(c => c.GrantedScopes).SingleAsync(ct);
        }
        var target = await targets.ResolveAsync(connectionId, ct);

        context.Progress.Report(new JobProgress("Reading licences and storage from Zoom…", 0.1));
        var usage = await zoomAccount.GetAccountUsageAsync(target, ct);
        var unknown = new List<string>(usage.UnknownFigures);
        var plans = LicenceMath.FromZoom(usage.Plans);
        var licences = LicenceMath.Sum(plans, usage.LicencesPurchased, usage.LicencesAssigned);

        context.Progress.Report(new JobProgress("Counting users…", 0.35));
        var users = await CountUsersAsync(connectionId, target, usage, unknown, ct);

        var now = clock.GetUtcNow();
        var snapshot = new UsageSnapshot
        {
            ConnectionId = connectionId,
            TakenAt = now,
            DayBucket = DateOnly.FromDateTime(now.UtcDateTime).DayNumber,
            LicencesPurchased = licences.Purchased,
            LicencesAssigned = licences.Assigned,
            PlansJson = JsonSerializer.Serialize(plans, Json),
            UsersActive = users.Active,
            UsersPending = users.Pending,
            UsersInactive = users.Inactive,
            UsersLicensed = users.Licensed,
            UsersBasic = users.Basic,
            UsersOther = users.Other,
            UsersTotal = users.Total,
            UsersSource = users.Source,
            FallbackReason = usage.FallbackReason,
        };
        if (usage.Storage is { } s)
        {
            snapshot.StoragePlanType = s.PlanType;
            snapshot.StoragePlanBytes = s.PlanStorage.Bytes;
            snapshot.StorageFreeBytes = s.FreeStorage.Bytes;
            snapshot.StorageAllottedBytes = s.AllottedBytes;
            snapshot.StorageUsedBytes = s.UsedBytes;
            snapshot.StorageFreeUsedBytes = s.FreeStorageUsage.Bytes;
            snapshot.StorageUnlimited = s.Unlimited;
            snapshot.StorageOverageBytes = s.PlanStorageExceed.Bytes;
        }
        else
        {
            unknown.Add("Cloud recording storage");
        }
        if (licences.Purchased is null)
        {
            unknown.Add("Licences purchased");
        }

        if (await ShouldScanConsumersAsync(connectionId, context, ct))
        {
            var consumers = await ScanConsumersAsync(connectionId, target, context.Progress, ct);
            snapshot.ConsumersJson = JsonSerializer.Serialize(consumers, Json);
        }

        context.Progress.Report(new JobProgress("Reading the storage history from Zoom…", 0.96));
        snapshot.StorageHistoryProblem = await history.RunAsync(connectionId, target, grantedScopes, ct);

        snapshot.UnknownFigures = string.Join(";", unknown.Distinct(StringComparer.OrdinalIgnoreCase));
        context.Progress.Report(new JobProgress("Saving the snapshot…", 0.97));
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.UsageSnapshots.Add(snapshot);
            await alerts.ReviewAsync(db, snapshot, ct);
            await connectionAlerts.AcceptedAsync(db, connectionId, ct);
            await db.SaveChangesAsync(ct);
        }
        return $"Licences: {licences.Assigned?.ToString() ?? "unknown"} assigned of {licences.Purchased?.ToString() ?? "unknown"}; "
            + $"recording storage: {ByteSize.Format(snapshot.StorageUsedBytes)} used"
            + (snapshot.StorageUnlimited ? " (unlimited)" : snapshot.StoragePlanBytes is { } plan ? $", plan storage {ByteSize.Format(plan)}" : "")
            + (unknown.Count > 0 ? $"; not reported by Zoom: {string.Join(", ", unknown.Distinct(StringComparer.OrdinalIgnoreCase))}" : "")
            + ".";
    }

    private async Task<UserFigures> CountUsersAsync(int connectionId, ZoomTarget target, ZoomAccountUsage usage, List<string> unknown, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var latestSync = await db.ZoomUserSnapshots.Where(u => u.ConnectionId == connectionId).MaxAsync(u => (long?)u.SyncRunId, ct);
            if (latestSync is { } runId)
            {
                var groups = await db.ZoomUserSnapshots.Where(u => u.ConnectionId == connectionId && u.SyncRunId == runId)
                    .GroupBy(u => new { Status = u.Status.ToLower(), u.Type })
                    .Select(g => new { g.Key.Status, g.Key.Type, Count = g.Count() })
                    .ToListAsync(ct);
                int ByStatus(string s) => groups.Where(g => g.Status == s).Sum(g => g.Count);
                int ByType(int t) => groups.Where(g => g.Type == t).Sum(g => g.Count);
                var total = groups.Sum(g => g.Count);
                return new UserFigures(ByStatus("active"), ByStatus("pending"), ByStatus("inactive"), ByType((int)ZoomUserType.Licensed),
                    ByType((int)ZoomUserType.Basic), total - ByType((int)ZoomUserType.Licensed) - ByType((int)ZoomUserType.Basic), total,
                    $"staff sync #{runId}");
            }
        }
        var summary = usage.UsersSummary ?? await zoom.GetUsersSummaryAsync(target, ct);
        unknown.AddRange(["Active users", "Inactive users"]);
        return new UserFigures(null, summary.Pending, null, summary.Licensed, summary.Basic,
            Math.Max(0, summary.Total - summary.Licensed - summary.Basic), summary.Total, "Zoom users summary");
    }

    private async Task<bool> ShouldScanConsumersAsync(int connectionId, JobContext context, CancellationToken ct)
    {
        if (options.Value.ConsumerScanUsers <= 0)
        {
            return false;
        }
        if (context.TriggeredBy != "schedule")
        {
            return true;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return !await db.UsageSnapshots.AnyAsync(s => s.ConnectionId == connectionId && s.ConsumersJson != null, ct);
    }

    private async Task<UsageConsumers> ScanConsumersAsync(int connectionId, ZoomTarget target, IProgress<JobProgress> progress, CancellationToken ct)
    {
        var o = options.Value;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(-o.ConsumerScanDays);
        List<(string? Id, string Email, string Name)> hosts;
        string basis;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var latestSync = await db.ZoomUserSnapshots.Where(u => u.ConnectionId == connectionId).MaxAsync(u => (long?)u.SyncRunId, ct);
            var rows = await db.ZoomUserSnapshots
                .Where(u => u.ConnectionId == connectionId && u.SyncRunId == latestSync && u.Type == (int)ZoomUserType.Licensed && u.ZoomUserId != null)
                .Select(u => new { u.ZoomUserId, u.Email, u.DisplayName, u.LastLoginAt })
                .ToListAsync(ct);
            hosts = rows.OrderByDescending(u => u.LastLoginAt).Take(o.ConsumerScanUsers)
                .Select(u => ((string?)u.ZoomUserId, u.Email, u.DisplayName)).ToList();
            basis = $"the {hosts.Count} most recently active licensed users of the last staff sync";
        }
        if (hosts.Count == 0)
        {
            await foreach (var page in zoom.ListUsersAsync(target, ZoomUserStatus.Active, ct))
            {
                hosts.AddRange(page.Users.Where(u => u.Type == (int)ZoomUserType.Licensed && u.Id is not null)
                    .OrderByDescending(u => u.LastLoginTime).Select(u => (u.Id, u.Email, u.Name)));
                if (hosts.Count >= o.ConsumerScanUsers)
                {
                    break;
                }
            }
            hosts = hosts.Take(o.ConsumerScanUsers).ToList();
            basis = $"the {hosts.Count} most recently active licensed users listed by Zoom";
        }

        var users = new List<ConsumerUser>();
        var meetings = new List<ConsumerMeeting>();
        string? problem = null;
        var scanned = 0;
        for (var i = 0; i < hosts.Count; i++)
        {
            var (id, email, name) = hosts[i];
            progress.Report(new JobProgress($"Measuring recordings of {email} ({i + 1} of {hosts.Count})…", 0.4 + 0.55 * i / hosts.Count));
            try
            {
                long bytes = 0;
                var count = 0;
                await foreach (var window in zoomRecordings.ListUserRecordingsAsync(target, id!, from, today, ct))
                {
                    foreach (var m in window)
                    {
                        var size = m.TotalSize > 0 ? m.TotalSize : m.Files.Sum(f => f.FileSize);
                        bytes += size;
                        count++;
                        meetings.Add(new ConsumerMeeting(m.Uuid, m.Id, m.Topic, email, m.StartTime, size));
                    }
                }
                scanned++;
                if (count > 0)
                {
                    users.Add(new ConsumerUser(id, email, name, bytes, count));
                }
            }
            catch (ZoomApiException ex) when (ZoomRefusal.From(ex, clock, email) is { } refusal)
            {
                if (refusal.Kind == ZoomRefusalKind.ScopeMissing)
                {
                    problem = $"Recording sizes cannot be listed. {refusal.Text}";
                    logger.LogInformation("Recordings scan of connection {ConnectionId} stopped: {Message}", connectionId, ex.Message);
                    break;
                }
                problem = $"Some users could not be scanned (last: {refusal.Reason})";
            }
        }
        return new UsageConsumers(clock.GetUtcNow(), scanned, o.ConsumerScanDays, basis,
            users.OrderByDescending(u => u.Bytes).Take(10).ToList(),
            meetings.OrderByDescending(m => m.Bytes).Take(10).ToList(), problem);
    }
}
