using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Connections;
using Portal.Core.Jobs;

namespace Portal.Core.Features.Staff;

/// <summary>Reads every user of a connection's Zoom account and refreshes the staff mapping (nightly, and "Sync now").</summary>
public sealed class StaffSyncJob(IServiceProvider services) : IPortalJob
{
    public const string JobName = "StaffSync";

    public string Name => JobName;
    public string DefaultSchedule => "daily 02:00";
    public bool DirectorsMayStart => true;
    public bool PerConnection => true;
    public AccountWideFeature? NeedsWholeAccount => AccountWideFeature.StaffSync;

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var connectionId = context.ConnectionId ?? throw new InvalidOperationException("The staff sync runs per Zoom connection.");
        // Resolved per run so listing the jobs never needs the Zoom client.
        var sync = services.GetRequiredService<IStaffSyncService>();
        var run = await sync.SyncAsync(connectionId, context.Progress, context.TriggeredBy, ct);
        var counts = JsonSerializer.Deserialize<Dictionary<string, int>>(run.CountsJson) ?? [];
        var summary = string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"));
        return $"{run.ZoomUsers} Zoom users read in {run.PagesRead} pages with {run.ZoomCalls} Zoom calls. {summary}";
    }
}
