using Microsoft.Extensions.Time.Testing;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// The instants on which date arithmetic tends to break: month ends (29th, 30th, 31st), 28 and 29 February, the US and
/// EU daylight-saving changes (at the UTC instant the local clocks jump) and New Year's Eve. Time-sensitive tests are
/// theories over <see cref="Instants"/> with a <see cref="FakeTimeProvider"/> set to each.
/// </summary>
public static class AwkwardDates
{
    public static TheoryData<DateTimeOffset> Instants { get; } = new()
    {
        Utc(2027, 1, 29, 12, 0),
        Utc(2027, 1, 30, 8, 15),
        Utc(2027, 1, 31, 23, 30),
        Utc(2027, 2, 28, 23, 30),
        Utc(2027, 3, 14, 7, 0),   // US: 02:00 EST becomes 03:00 EDT
        Utc(2027, 3, 28, 1, 0),   // EU: 01:00 UTC, clocks go forward
        Utc(2027, 3, 31, 0, 30),
        Utc(2027, 4, 30, 22, 0),
        Utc(2027, 7, 31, 12, 0),
        Utc(2027, 10, 31, 1, 0),  // EU: 01:00 UTC, clocks go back
        Utc(2027, 11, 7, 6, 0),   // US: 02:00 EDT becomes 01:00 EST
        Utc(2027, 12, 31, 23, 30),
        Utc(2028, 2, 29, 12, 0),
        Utc(2028, 3, 1, 0, 30),
    };

    /// <summary>A frozen clock at the instant; tests move it with <see cref="FakeTimeProvider.Advance"/>.</summary>
    public static FakeTimeProvider ClockAt(DateTimeOffset instant) => new(instant);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}

/// <summary>
/// A <see cref="FakeTimeProvider"/> that starts at an instant and then keeps up with real time (like faketime's "@"),
/// for whole stacks whose waits (request pacing, retries) must still end.
/// </summary>
public sealed class RunningFakeClock : IDisposable
{
    private readonly System.Diagnostics.Stopwatch _real = System.Diagnostics.Stopwatch.StartNew();
    private readonly Timer _pump;
    private readonly Lock _gate = new();
    private TimeSpan _followed;

    public RunningFakeClock(DateTimeOffset start)
    {
        Clock = new FakeTimeProvider(start);
        _pump = new Timer(_ => CatchUp(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
    }

    public FakeTimeProvider Clock { get; }

    private void CatchUp()
    {
        lock (_gate)
        {
            var elapsed = _real.Elapsed;
            Clock.Advance(elapsed - _followed);
            _followed = elapsed;
        }
    }

    public void Dispose() => _pump.Dispose();
}
