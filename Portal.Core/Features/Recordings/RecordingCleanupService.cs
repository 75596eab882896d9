using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Recordings;

/// <summary>Directors free cloud storage: recordings of every mapped staff member, then a bulk delete.</summary>
public interface IRecordingCleanupService
{
    /// <summary>
    /// Scans every staff member with a Zoom user (in <paramref name="connectionId"/> only, when given), yielding each one's
    /// recordings as they finish.
    /// </summary>
    IAsyncEnumerable<CleanupScanUpdate> ScanAsync(DateOnly from, DateOnly to, int? connectionId = null, CancellationToken ct = default);

    /// <summary>Deletes each meeting's recordings (trash unless permanently); one failure does not stop the others.</summary>
    Task<BulkDeleteResult> DeleteAsync(IReadOnlyList<CleanupTarget> targets, bool permanently, CancellationToken ct = default);
}

public sealed class RecordingCleanupService(
    IDbContextFactory<PortalDbContext> dbFactory,
    RecordingAccess access,
    RecordingService recordings,
    IZoomRecordings zoom,
    IZoomTargetResolver targets,
    IAuditLog audit,
    IFreedStorageReporter freed,
    IOptions<RecordingsOptions> options,
    TimeProvider clock) : IRecordingCleanupService
{
    public async IAsyncEnumerable<CleanupScanUpdate> ScanAsync(DateOnly from, DateOnly to, int? connectionId = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        access.RequireDirector(await access.ActorAsync());
        List<int> staffIds;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            staffIds = await db.StaffMappings.AsNoTracking()
                .Where(m => m.ZoomUserId != null && m.ZoomUserId != "")
                .Where(m => connectionId == null || m.ConnectionId == connectionId)
                .Select(m => m.StaffMemberId).ToListAsync(ct);
        }
        var channel = Channel.CreateUnbounded<CleanupScanUpdate>();
        var done = 0;
        var total = staffIds.Count;
        using var gate = new SemaphoreSlim(Math.Max(1, options.Value.ConcurrentStaff));
        var work = Task.Run(async () =>
        {
            try
            {
                await Task.WhenAll(staffIds.Select(async id =>
                {
                    await gate.WaitAsync(ct);
                    try
                    {
                        var owner = await access.OwnerForStaffAsync(id, ct);
                        var items = new List<RecordingItem>();
                        // Unlike "My recordings", Basic or deactivated users are scanned too: they keep recordings made while licensed.
                        var canScan = owner.ZoomUserId is not null && owner.ConnectionId is not null && owner.SwitchedOffReason is null;
                        string? error = canScan ? null : owner.SwitchedOffReason ?? owner.Problem;
                        if (canScan)
                        {
                            var target = await targets.ResolveAsync(owner.ConnectionId!.Value, ct);
                            await foreach (var month in recordings.FetchMonthsAsync(target, owner, from, to, ct))
                            {
                                items.AddRange(month.Recordings);
                                error ??= month.Error;
                            }
                        }
                        await channel.Writer.WriteAsync(new CleanupScanUpdate(Interlocked.Increment(ref done), total, owner.StaffName ?? $"#{id}", items, error), ct);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, ct);
        await foreach (var update in channel.Reader.ReadAllAsync(ct))
        {
            yield return update;
        }
        await work;
    }

    public async Task<BulkDeleteResult> DeleteAsync(IReadOnlyList<CleanupTarget> items, bool permanently, CancellationToken ct = default)
    {
        access.RequireDirector(await access.ActorAsync());
        var outcomes = new List<BulkDeleteOutcome>();
        var resolved = new Dictionary<int, ZoomTarget>();
        foreach (var item in items)
        {
            try
            {
                if (!resolved.TryGetValue(item.ConnectionId, out var target))
                {
                    target = await targets.ResolveAsync(item.ConnectionId, ct);
                    resolved[item.ConnectionId] = target;
                }
                await zoom.DeleteMeetingRecordingsAsync(target, item.MeetingUuid, permanently, ct);
                access.ForgetMeeting(item.ConnectionId, item.MeetingUuid);
                outcomes.Add(new BulkDeleteOutcome(item, true, null));
            }
            catch (Exception e) when (ZoomRefusal.From(e, clock, item.StaffName) is { } refusal)
            {
                outcomes.Add(new BulkDeleteOutcome(item, false, refusal.Text, refusal));
            }
            catch (InvalidOperationException e)
            {
                outcomes.Add(new BulkDeleteOutcome(item, false, e.Message));
            }
        }
        var result = new BulkDeleteResult(outcomes, permanently);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await audit.AddAsync(db, permanently ? RecordingAuditActions.CleanupDeletedPermanently : RecordingAuditActions.CleanupDeletedToTrash, AuditTarget.RecordingCleanup(), null,
            new
            {
                result.DeletedCount,
                result.FailedCount,
                result.FreedBytes,
                Deleted = outcomes.Where(o => o.Deleted).Select(o => new { o.Target.MeetingUuid, o.Target.Topic, o.Target.StaffName, o.Target.Size }),
                Failed = outcomes.Where(o => !o.Deleted).Select(o => new { o.Target.MeetingUuid, o.Target.Topic, o.Error }),
            }, null);
        foreach (var byConnection in outcomes.Where(o => o.Deleted).GroupBy(o => o.Target.ConnectionId))
        {
            freed.AddFreed(db, byConnection.Key, byConnection.Sum(o => o.Target.Size));
        }
        await db.SaveChangesAsync(ct);
        return result;
    }
}
