namespace Portal.Core.Zoom;

/// <summary>Splits a date range into windows Zoom accepts for recordings (each inside one calendar month), newest first.</summary>
public static class ZoomMonthWindows
{
    public static IReadOnlyList<(DateOnly From, DateOnly To)> Split(DateOnly from, DateOnly to)
    {
        var windows = new List<(DateOnly, DateOnly)>();
        var end = to;
        while (end >= from)
        {
            var monthStart = new DateOnly(end.Year, end.Month, 1);
            var start = monthStart > from ? monthStart : from;
            windows.Add((start, end));
            end = monthStart.AddDays(-1);
        }
        return windows;
    }

    /// <summary>Whether Zoom accepts the range in one request (at most one month).</summary>
    public static bool IsWithinOneMonth(DateOnly from, DateOnly to) => to >= from && to <= from.AddMonths(1);
}
