namespace Portal.Core.Features.Usage;

public sealed record DailyValue(DateOnly Day, double Value);

/// <summary>When a figure reaches its capacity at the current linear trend.</summary>
public sealed record Projection(DateOnly? RunsOutOn, double? PerDay, string Text)
{
    public int? DaysLeft(DateOnly today) => RunsOutOn is { } d ? Math.Max(0, d.DayNumber - today.DayNumber) : null;
}

public static class UsageProjection
{
    public const int MinimumDays = 3;
    private const int HorizonDays = 3650;

    /// <summary>Least-squares line through the daily values; projects the day the last value reaches <paramref name="capacity"/>.</summary>
    public static Projection Project(IReadOnlyList<DailyValue> points, double? capacity, DateOnly today, Func<double, string>? format = null)
    {
        format ??= v => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        if (capacity is not { } cap || cap <= 0)
        {
            return new Projection(null, null, "No limit known, so nothing can run out.");
        }
        if (points.Count > 0 && points[^1].Value >= cap)
        {
            return new Projection(today, null, "Already at or over the limit.");
        }
        if (points.Count < MinimumDays)
        {
            return new Projection(null, null, $"Not enough history yet (needs {MinimumDays} days of snapshots).");
        }
        var slope = Slope(points);
        if (slope <= 1e-9 * cap)
        {
            return new Projection(null, slope, "Not rising at the current trend.");
        }
        var days = (cap - points[^1].Value) / slope;
        if (days > HorizonDays)
        {
            return new Projection(null, slope, $"Rising by {format(slope)} a day; more than 10 years left.");
        }
        var lastDay = points[^1].Day;
        var date = lastDay.AddDays((int)Math.Ceiling(days));
        if (date < today)
        {
            date = today;
        }
        return new Projection(date, slope, $"Rising by {format(slope)} a day: runs out around {date:yyyy-MM-dd}.");
    }

    internal static double Slope(IReadOnlyList<DailyValue> points)
    {
        var n = points.Count;
        var x0 = points[0].Day.DayNumber;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        foreach (var p in points)
        {
            double x = p.Day.DayNumber - x0;
            sx += x;
            sy += p.Value;
            sxx += x * x;
            sxy += x * p.Value;
        }
        var denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }
}
