using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Text;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Staff;

public sealed record SyncFetchStats(int Pages, int Calls, DateTimeOffset StartedAt);

public interface IStaffSyncService
{
    /// <summary>Reads every user of the connection's account (active, pending, inactive; page by page) and stores the mapping.</summary>
    Task<SyncRun> SyncAsync(int connectionId, IProgress<JobProgress>? progress, string triggeredBy, CancellationToken ct = default);

    /// <summary>Matches the roster against the users read and saves snapshot, mapping, run, history and audit in one transaction.</summary>
    Task<SyncRun> ApplyAsync(int connectionId, IReadOnlyList<ZoomUser> users, SyncFetchStats stats, string triggeredBy, CancellationToken ct = default);
}

public sealed class StaffSyncService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomUsers zoom,
    IZoomCallStatistics callStatistics,
    IZoomTargetResolver resolver,
    IAuditLog audit,
    StaffSyncAlerts alerts,
    TimeProvider clock) : IStaffSyncService
{
    private static readonly ZoomUserStatus[] s_statuses = [ZoomUserStatus.Active, ZoomUserStatus.Pending, ZoomUserStatus.Inactive];

    public async Task<SyncRun> SyncAsync(int connectionId, IProgress<JobProgress>? progress, string triggeredBy, CancellationToken ct = default)
    {
        var startedAt = clock.GetUtcNow();
        var users = new List<ZoomUser>();
        var pages = 0;
        var callsBefore = 0;
        ZoomTarget? target = null;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await AccountWideAccess.ReasonAsync(db, connectionId, AccountWideFeature.StaffSync, ct) is { } off)
            {
                throw new AccountWideAccessRequiredException(AccountWideFeature.StaffSync, off);
            }
        }
        // Read while Zoom is listed, which mostly waits on the rate limit: other accounts' users change only with those
        // accounts' own syncs. The roster is read after the listing, so that edits made meanwhile count.
        var otherAccounts = Task.Run(() => OtherAccountsAsync(connectionId, ct), ct);
        try
        {
            target = await resolver.ResolveAsync(connectionId, ct);
            callsBefore = CallsSoFar(target);
            for (var i = 0; i < s_statuses.Length; i++)
            {
                var readInStatus = 0;
                await foreach (var page in zoom.ListUsersAsync(target, s_statuses[i], ct))
                {
                    users.AddRange(page.Users);
                    pages++;
                    readInStatus += page.Users.Count;
                    var within = page.TotalRecords > 0 ? Math.Min(1, readInStatus / (double)page.TotalRecords) : 1;
                    progress?.Report(new JobProgress(
                        $"Reading {MappingTexts.ZoomStatus(s_statuses[i])} users: {Plural.Of(pages, "page")} read, {Plural.Of(Math.Max(pages, CallsSoFar(target) - callsBefore), "Zoom call")} made, {Plural.Of(users.Count, "user")} so far",
                        (i + within) / s_statuses.Length * 0.9));
                }
            }
        }
        catch (Exception ex)
        {
            await AbandonAsync(otherAccounts);
            if (ex is OperationCanceledException)
            {
                throw;
            }
            var calls = target is null ? 0 : Math.Max(pages, CallsSoFar(target) - callsBefore);
            var reason = ZoomRefusal.From(ex, clock)?.Text ?? ex.Message;
            await RecordFailureAsync(connectionId, startedAt, pages, calls, reason, triggeredBy);
            throw new InvalidOperationException(reason, ex);
        }
        progress?.Report(new JobProgress($"{pages} pages read; matching {users.Count} Zoom users with the roster…", 0.92));
        var stats = new SyncFetchStats(pages, Math.Max(pages, CallsSoFar(target) - callsBefore), startedAt);
        return await ApplyAsync(connectionId, users, stats, triggeredBy, await otherAccounts, ct);
    }

    /// <summary>Normalized e-mail to the name of another connection whose account has that user.</summary>
    private async Task<Dictionary<string, string>> OtherAccountsAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Another connection of the same Zoom account (an older database may hold one) is not another account.
        var accountId = await db.ZoomConnections.Where(c => c.Id == connectionId).Select(c => c.AccountId).FirstOrDefaultAsync(ct);
        var others = await db.ZoomUserSnapshots.AsNoTracking().Where(u => u.ConnectionId != connectionId)
            .Join(db.ZoomConnections.Where(c => accountId == null || c.AccountId != accountId), u => u.ConnectionId, c => c.Id,
                (u, c) => new { u.NormalizedEmail, c.Name })
            .ToListAsync(ct);
        var otherAccounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in others)
        {
            otherAccounts.TryAdd(o.NormalizedEmail, o.Name);
        }
        return otherAccounts;
    }

    /// <summary>Waits out a read that is no longer wanted, so that it neither outlives the sync nor fails unobserved.</summary>
    private static async Task AbandonAsync(Task task)
    {
        await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _ = task.Exception;
    }

    private int CallsSoFar(ZoomTarget target) => callStatistics.Get(target.Key).Calls.Values.Sum();

    private async Task RecordFailureAsync(int connectionId, DateTimeOffset startedAt, int pages, int calls, string reason, string triggeredBy)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.SyncRuns.Add(new SyncRun
        {
            ConnectionId = connectionId, StartedAt = startedAt, EndedAt = clock.GetUtcNow(), Succeeded = false, Error = reason,
            PagesRead = pages, ZoomCalls = calls, TriggeredBy = triggeredBy,
        });
        // The sync names who started it (a person or the schedule) as text; the record carries that name and no role.
        var startedBy = new Actor(triggeredBy, null, null, new HashSet<string>());
        var name = await db.ZoomConnections.Where(c => c.Id == connectionId).Select(c => c.Name).FirstOrDefaultAsync(CancellationToken.None);
        await audit.AddAsync(db, StaffAuditActions.SyncFailed, AuditTarget.Connection(connectionId, name), null, new { Reason = reason }, connectionId, startedBy);
        await alerts.FailedAsync(db, connectionId, name, reason, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public Task<SyncRun> ApplyAsync(int connectionId, IReadOnlyList<ZoomUser> users, SyncFetchStats stats, string triggeredBy, CancellationToken ct = default) =>
        ApplyAsync(connectionId, users, stats, triggeredBy, otherAccounts: null, ct);

    private async Task<SyncRun> ApplyAsync(int connectionId, IReadOnlyList<ZoomUser> users, SyncFetchStats stats, string triggeredBy,
        IReadOnlyDictionary<string, string>? otherAccounts, CancellationToken ct)
    {
        otherAccounts ??= await OtherAccountsAsync(connectionId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.ZoomConnections.AsNoTracking().Where(c => c.Id == connectionId)
            .Select(c => new { c.Name, c.UsernameMatchDomain }).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Zoom connection {connectionId} does not exist.");
        var staff = await db.StaffMembers.AsNoTracking().Where(s => s.ConnectionId == connectionId && s.Active)
            .Select(s => new { s.Id, s.Name, s.Email, s.Aliases, Old = s.Mapping == null ? (MappingStatus?)null : s.Mapping.Status })
            .ToListAsync(ct);

        var outcome = StaffMatcher.Match(staff.Select(s => new MatchStaff(s.Id, s.Name, s.Email, s.Aliases)).ToList(), users,
            connection.UsernameMatchDomain, connection.Name, otherAccounts);
        var now = clock.GetUtcNow();
        var counts = outcome.Results.GroupBy(r => r.Status).ToDictionary(g => g.Key.ToString(), g => g.Count());

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connectionDb = db.Database.GetDbConnection();
        using var cache = BulkInsert.LargeSqliteCache(connectionDb);
        var run = new SyncRun
        {
            ConnectionId = connectionId, StartedAt = stats.StartedAt, Succeeded = true, PagesRead = stats.Pages, ZoomCalls = stats.Calls,
            ZoomUsers = users.Count, TriggeredBy = triggeredBy, CountsJson = JsonSerializer.Serialize(counts),
        };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);

        await db.ZoomUserSnapshots.Where(u => u.ConnectionId == connectionId).ExecuteDeleteAsync(ct);
        await db.StaffMappings.Where(m => m.ConnectionId == connectionId || db.StaffMembers.Any(s => s.Id == m.StaffMemberId && s.ConnectionId == connectionId))
            .ExecuteDeleteAsync(ct);

        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        await BulkInsert.InsertAsync(connectionDb, "ZoomUserSnapshots",
            ["ConnectionId", "ZoomUserId", "Email", "NormalizedEmail", "DisplayName", "Type", "Status", "LastLoginAt", "SyncRunId", "StaffMemberId"],
            // In e-mail order: the (ConnectionId, NormalizedEmail) index then fills its pages in turn instead of at random.
            users.Select(u => (User: u, Key: StaffMatcher.UserKey(u), Email: StaffMatcher.Normalize(u.Email))).Where(u => seenKeys.Add(u.Key))
                .OrderBy(u => u.Email, StringComparer.Ordinal),
            (row, u) =>
            {
                row.Int(connectionId);
                row.Text(string.IsNullOrWhiteSpace(u.User.Id) ? null : u.User.Id);
                row.Text(u.User.Email.Trim());
                row.Text(u.Email);
                row.Text(u.User.Name);
                row.Int(u.User.Type);
                row.Text(StatusText(u.User.Status));
                row.Date(u.User.LastLoginTime);
                row.Long(run.Id);
                row.Int(outcome.StaffByUserKey.TryGetValue(u.Key, out var sid) ? sid : null);
            }, ct);

        await BulkInsert.InsertAsync(connectionDb, "StaffMappings",
            ["StaffMemberId", "Status", "Reason", "Fix", "ZoomUserId", "ZoomEmail", "ZoomUserType", "ZoomStatus", "ZoomLastLoginAt", "ConnectionId", "SyncRunId", "CheckedAt"],
            outcome.Results,
            (row, r) =>
            {
                row.Int(r.StaffMemberId);
                row.Int((int)r.Status);
                row.Text(r.Reason);
                row.Int((int)r.Fix);
                row.Text(string.IsNullOrWhiteSpace(r.User?.Id) ? null : r.User.Id);
                row.Text(r.User?.Email.Trim());
                row.Int(r.User?.Type);
                row.Text(r.User is null ? null : StatusText(r.User.Status));
                row.Date(r.User?.LastLoginTime);
                row.Int(connectionId);
                row.Long(run.Id);
                row.Date(now);
            }, ct);

        var old = staff.ToDictionary(s => s.Id);
        var changed = outcome.Results.Where(r => old[r.StaffMemberId].Old != r.Status).ToList();
        await BulkInsert.InsertAsync(connectionDb, "StaffHistory",
            ["StaffMemberId", "At", "Kind", "Actor", "Summary", "OldStatus", "NewStatus"],
            changed,
            (row, r) =>
            {
                row.Int(r.StaffMemberId);
                row.Date(now);
                row.Int((int)StaffHistoryKind.StatusChange);
                row.Text(triggeredBy);
                row.Text($"{Label(old[r.StaffMemberId].Old)} → {MappingTexts.Label(r.Status)}: {r.Reason}");
                row.Int((int?)old[r.StaffMemberId].Old);
                row.Int((int)r.Status);
            }, ct);
        await BulkInsert.InsertAsync(connectionDb, "AuditEntries",
            ["At", "Actor", "Action", "Target", "TargetKind", "TargetId", "TargetName", "Changes", "ConnectionId"],
            changed.Select(r => AuditEntry.Create(now, triggeredBy, null, StaffAuditActions.StatusChanged,
                AuditTarget.Staff(r.StaffMemberId, old[r.StaffMemberId].Email),
                new { Status = Label(old[r.StaffMemberId].Old) }, new { Status = MappingTexts.Label(r.Status) }, connectionId)),
            (row, e) =>
            {
                row.Date(e.At);
                row.Text(e.Actor);
                row.Text(e.Action);
                row.Text(e.Target);
                row.Text(e.TargetKind);
                row.Text(e.TargetId);
                row.Text(e.TargetName);
                row.Text(AuditChange.ToJson(e.Changes));
                row.Int(e.ConnectionId);
            }, ct);

        run.EndedAt = clock.GetUtcNow();
        await alerts.SucceededAsync(db, connectionId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return run;
    }

    private static string Label(MappingStatus? status) => status is { } s ? MappingTexts.Label(s) : "Not checked";

    internal static string StatusText(ZoomUserStatus status) => status switch
    {
        ZoomUserStatus.Pending => "pending",
        ZoomUserStatus.Inactive => "inactive",
        _ => "active",
    };
}
