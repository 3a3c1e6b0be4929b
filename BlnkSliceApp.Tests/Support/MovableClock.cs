namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// Real time plus an offset the test moves on: timers and debounces run as in production, and a
/// day can pass at once (a daily run) while the emulated Stripe, on real time, stays behind.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
