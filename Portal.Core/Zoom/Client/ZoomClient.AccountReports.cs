using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Portal.Core.Zoom;

internal sealed partial class ZoomClient
{
    public async Task<ZoomAccountUsage> GetAccountUsageAsync(ZoomTarget target, CancellationToken ct = default)
    {
        PlanUsageWire usage;
        try
        {
            usage = await GetAsync(target, "accounts/me/plans/usage", ZoomRateCategory.Heavy, ZoomWireJson.Default.PlanUsageWire, ct);
        }
        catch (ZoomApiException refused) when ((int)refused.Status is >= 400 and < 500)
        {
            logger.LogInformation("Zoom plan usage refused for {Key} ({Code}); falling back to the users summary", target.Key, refused.Code);
            var summary = await GetUsersSummaryAsync(target, ct);
            return new ZoomAccountUsage([], null, summary.Licensed, null, summary,
                ["Licences purchased", "Free licences", "Licences per plan", "Cloud recording storage"],
                refused.ZoomMessage);
        }
        return MapPlanUsage(usage);
    }

    internal static ZoomAccountUsage MapPlanUsage(PlanUsageWire usage)
    {
        var plans = new[] { ("plan_base", usage.PlanBase), ("plan_zoom_one", usage.PlanZoomOne), ("plan_united", usage.PlanUnited) }
            .SelectMany(p => (p.Item2 ?? []).Select(plan => new ZoomPlanLicences(p.Item1, plan.Type, plan.Hosts ?? 0, plan.Usage ?? 0, plan.Pending)))
            .ToList();
        var unknown = new List<string>();
        ZoomStorage? storage = null;
        if (usage.PlanRecording is { } rec)
        {
            storage = new ZoomStorage(rec.Type,
                ZoomSizeParser.Parse(rec.FreeStorage), ZoomSizeParser.Parse(rec.FreeStorageUsage),
                ZoomSizeParser.Parse(rec.PlanStorage), ZoomSizeParser.Parse(rec.PlanStorageUsage),
                ZoomSizeParser.Parse(rec.PlanStorageExceed), NullIfEmpty(rec.MaxExceedDate));
            if (storage.AllottedBytes is null && !storage.Unlimited)
            {
                unknown.Add("Cloud recording storage");
            }
        }
        else
        {
            unknown.Add("Cloud recording storage");
        }
        if (plans.Count == 0)
        {
            unknown.Add("Licences per plan");
        }
        return new ZoomAccountUsage(plans,
            plans.Count == 0 ? null : plans.Sum(p => p.Purchased),
            plans.Count == 0 ? null : plans.Sum(p => p.Assigned),
            storage, null, unknown, null);
    }

    public async Task<IReadOnlyList<ZoomStorageDay>> GetCloudRecordingStorageReportAsync(ZoomTarget target, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var report = await GetAsync(target, $"report/cloud_recording?from={Day(from)}&to={Day(to)}", ZoomRateCategory.Heavy, ZoomWireJson.Default.StorageReportWire, ct);
        return (report.CloudRecordingStorage ?? [])
            .Select(d => new ZoomStorageDay(
                DateOnly.TryParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : from,
                ZoomSizeParser.Parse(d.Usage), ZoomSizeParser.Parse(d.PlanUsage), ZoomSizeParser.Parse(d.FreeUsage)))
            .ToList();
    }
}
