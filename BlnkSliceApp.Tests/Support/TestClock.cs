namespace BlnkSliceApp.Tests.Support;

/// <summary>A clock the test moves by hand, for expiries without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    DateTimeOffset _now = DateTimeOffset.UtcNow;
    readonly Lock _gate = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
