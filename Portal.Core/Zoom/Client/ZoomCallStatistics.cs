using System.Collections.Concurrent;

namespace Portal.Core.Zoom;

/// <summary>Calls per connection key and UTC day (every HTTP attempt counts): the transport records, pages and benchmarks read.</summary>
public sealed class ZoomCallStatistics(TimeProvider time) : IZoomCallStatistics
{
    private readonly ConcurrentDictionary<(string Key, DateOnly Day), Counters> _counters = new();

    private sealed class Counters
    {
        public readonly int[] Calls = new int[4];
        public int TooManyRequests;
        public int DailyLimitsHit;
        public int TokenRequests;
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private Counters For(string key) => _counters.GetOrAdd((key, Today), _ => new Counters());

    public void RecordCall(string key, ZoomRateCategory category) => Interlocked.Increment(ref For(key).Calls[(int)category]);

    public void RecordTooManyRequests(string key) => Interlocked.Increment(ref For(key).TooManyRequests);

    public void RecordDailyLimitHit(string key) => Interlocked.Increment(ref For(key).DailyLimitsHit);

    public void RecordTokenRequest(string key) => Interlocked.Increment(ref For(key).TokenRequests);

    public ZoomCallStats Get(string key)
    {
        var day = Today;
        var c = _counters.TryGetValue((key, day), out var found) ? found : new Counters();
        var calls = Enum.GetValues<ZoomRateCategory>().ToDictionary(x => x, x => Volatile.Read(ref c.Calls[(int)x]));
        return new ZoomCallStats(key, day, calls, Volatile.Read(ref c.TooManyRequests), Volatile.Read(ref c.DailyLimitsHit), Volatile.Read(ref c.TokenRequests));
    }
}
