namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>
/// Named instants in a run where tests make the process "die": the run stops on the spot and
/// writes nothing more, exactly as if the process were killed there, so the recovery after a
/// restart is tested at each point. Nothing in production arms one.
/// </summary>
public sealed class SyncCrashPoints
{
    public const string AfterPageRecorded = "after-page-recorded";
    public const string AfterBatchMarkedSending = "after-batch-marked-sending";
    public const string AfterBatchSent = "after-batch-sent";
    public const string AfterBatchSettled = "after-batch-settled";
    public const string AfterPayoutPageRecorded = "after-payout-page-recorded";
    public const string AfterPayoutTagsSent = "after-payout-tags-sent";

    volatile string? _armed;
    int _countdown;

    /// <summary>Dies at the <paramref name="occurrence"/>-th time the run reaches <paramref name="point"/>.</summary>
    internal void Arm(string point, int occurrence = 1)
    {
        _countdown = occurrence;
        _armed = point;
    }

    internal void Disarm() => _armed = null;

    public void Reach(string point)
    {
        if (_armed != point || Interlocked.Decrement(ref _countdown) != 0)
            return;
        _armed = null;
        throw new SimulatedCrashException(point);
    }
}

/// <summary>Thrown at an armed crash point; the run leaves every record as it stands.</summary>
public sealed class SimulatedCrashException(string point) : Exception($"Simulated crash at {point}");
