using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Webhooks.Handlers;
using Portal.Core.Jobs;

namespace Portal.Core.Features.Usage;

/// <summary>
/// A recording completed, trashed, deleted or recovered in Zoom changes the account's storage: refresh the usage
/// snapshot (at most every few minutes per connection, so a burst of events costs one refresh).
/// </summary>
public sealed class RecordingEventsRefreshUsage(IJobRunner jobs, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IRecordingEventSink
{
    private static readonly TimeSpan s_minimumGap = TimeSpan.FromMinutes(5);

    public async Task OnRecordingEventAsync(int? connectionId, string eventName, string meetingUuid, long? meetingId, string? hostId, CancellationToken ct)
    {
        if (connectionId is null)
        {
            return;
        }
        var since = clock.GetUtcNow() - s_minimumGap;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recent = await db.JobRuns.AnyAsync(r => r.JobName == UsageSnapshotJob.JobName && r.ConnectionId == connectionId && r.StartedAt > since, ct);
        if (!recent)
        {
            await jobs.StartAsync(UsageSnapshotJob.JobName, connectionId, $"webhook {eventName}", ct);
        }
    }
}
