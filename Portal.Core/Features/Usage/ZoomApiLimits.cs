using Portal.Core.Zoom;

namespace Portal.Core.Features.Usage;

/// <summary>One rate category's use today against the plan's daily limit (Zoom's rate-limits page: Light, Medium, Heavy and Resource-intensive; daily limits per plan).</summary>
public sealed record ApiCategoryUse(ZoomRateCategory Category, int CallsToday, int? DailyLimit, string LimitText);

public static class ZoomApiLimits
{
    public static string PlanName(ZoomApiPlan plan) => plan switch
    {
        ZoomApiPlan.Free => "Free",
        ZoomApiPlan.Pro => "Pro",
        _ => "Business+ (Business, Education, Enterprise)",
    };

    /// <summary>Heavy and Resource-intensive share one daily pool on paid plans; Light and Medium have no daily limit there.</summary>
    public static IReadOnlyList<ApiCategoryUse> Evaluate(ZoomApiPlan plan, IReadOnlyDictionary<ZoomRateCategory, int> calls)
    {
        int Calls(ZoomRateCategory c) => calls.TryGetValue(c, out var n) ? n : 0;
        var heavyPool = Calls(ZoomRateCategory.Heavy) + Calls(ZoomRateCategory.ResourceIntensive);
        return Enum.GetValues<ZoomRateCategory>().Select(c => plan switch
        {
            ZoomApiPlan.Free => c switch
            {
                ZoomRateCategory.Light => new ApiCategoryUse(c, Calls(c), 6000, "6,000 a day"),
                ZoomRateCategory.Medium => new ApiCategoryUse(c, Calls(c), 2000, "2,000 a day"),
                ZoomRateCategory.Heavy => new ApiCategoryUse(c, Calls(c), 1000, "1,000 a day"),
                _ => new ApiCategoryUse(c, Calls(c), 30000, "30,000 a day"),
            },
            _ => c is ZoomRateCategory.Heavy or ZoomRateCategory.ResourceIntensive
                ? new ApiCategoryUse(c, Calls(c), plan == ZoomApiPlan.Pro ? 30000 : 60000,
                    $"{(plan == ZoomApiPlan.Pro ? "30,000" : "60,000")} a day, shared by Heavy and Resource-intensive ({heavyPool:N0} used)")
                : new ApiCategoryUse(c, Calls(c), null, "no daily limit (per-second only)"),
        }).ToList();
    }

    public static string CategoryName(ZoomRateCategory c) => c switch
    {
        ZoomRateCategory.ResourceIntensive => "Resource-intensive",
        _ => c.ToString(),
    };
}
