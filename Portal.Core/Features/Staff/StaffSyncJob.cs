using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Connections;
using Portal.Core.Jobs;
using Portal.Core.Text;

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
        return Summary(run);
    }

    /// <summary>The run in words: "279 Zoom users read in 3 pages with 4 Zoom calls. Ready: 270, Not in Zoom: 1."</summary>
    public static string Summary(SyncRun run)
    {
        var counts = JsonSerializer.Deserialize<Dictionary<string, int>>(run.CountsJson) ?? [];
        var statuses = string.Join(", ", counts.Select(kv => $"{StatusLabel(kv.Key)}: {kv.Value}"));
        return $"{Plural.Of(run.ZoomUsers, "Zoom user")} read in {Plural.Of(run.PagesRead, "page")} with {Plural.Of(run.ZoomCalls, "Zoom call")}."
            + (statuses.Length == 0 ? "" : $" {statuses}.");
    }

    private static string StatusLabel(string name) =>
        Enum.TryParse<MappingStatus>(name, out var status) ? MappingTexts.Label(status) : name;
}
