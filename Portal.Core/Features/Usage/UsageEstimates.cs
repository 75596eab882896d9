using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Usage;

/// <summary>Storage the recordings clean-up has freed, shown on the dashboards as an estimate until the next snapshot.</summary>
public interface IUsageEstimates
{
    /// <summary>Records that deleting recordings freed about <paramref name="bytes"/> on a connection's account.</summary>
    Task RecordFreedAsync(int connectionId, long bytes, CancellationToken ct = default);

    /// <summary>Adds the same record to the caller's context without saving it.</summary>
    void AddFreed(PortalDbContext db, int connectionId, long bytes);

    /// <summary>Bytes recorded as freed after <paramref name="since"/> (not yet reflected by a snapshot).</summary>
    Task<long> PendingFreedAsync(int connectionId, DateTimeOffset? since, CancellationToken ct = default);
}

public sealed class UsageEstimates(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IUsageEstimates
{
    public async Task RecordFreedAsync(int connectionId, long bytes, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        AddFreed(db, connectionId, bytes);
        await db.SaveChangesAsync(ct);
    }

    public void AddFreed(PortalDbContext db, int connectionId, long bytes)
    {
        if (bytes > 0)
        {
            db.StorageFreedEstimates.Add(new StorageFreedEstimate { ConnectionId = connectionId, Bytes = bytes, RecordedAt = clock.GetUtcNow() });
        }
    }

    public async Task<long> PendingFreedAsync(int connectionId, DateTimeOffset? since, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.StorageFreedEstimates.Where(e => e.ConnectionId == connectionId);
        if (since is { } s)
        {
            q = q.Where(e => e.RecordedAt > s);
        }
        return await q.SumAsync(e => (long?)e.Bytes, ct) ?? 0;
    }
}
