using System.Diagnostics;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>
/// Named instants in a run where tests make the process "die": the run stops on the spot and
/// writes nothing more, exactly as if the process were killed there, so the recovery after a
/// restart is tested at each point. In a Development process, <c>SYNC_KILL_AT=point[:n]</c>
/// makes the process SIGKILL itself at the n-th time it reaches the point (the crash proof of
/// the published app). Nothing in production arms one.
/// </summary>
public sealed class SyncCrashPoints
{
    public const string KillAtVariable = "SYNC_KILL_AT";

    public const string AfterPageRecorded = "after-page-recorded";
    /// <summary>A page recorded while at least two parts of a partitioned listing are half read.</summary>
    public const string AfterPageWithRangesHalfRead = "after-page-with-ranges-half-read";
    public const string AfterBatchMarkedSending = "after-batch-marked-sending";
    public const string AfterBatchSent = "after-batch-sent";
    public const string AfterBatchSettled = "after-batch-settled";
    public const string AfterPayoutPageRecorded = "after-payout-page-recorded";
    public const string AfterPayoutTagsSent = "after-payout-tags-sent";

    volatile string? _armed;
    int _countdown;
    string? _killAt;
    int _killCountdown;

    /// <summary>The points of a Development process armed by <see cref="KillAtVariable"/>; none elsewhere.</summary>
    public static SyncCrashPoints From(IConfiguration configuration, IHostEnvironment environment, ILogger<SyncCrashPoints> logger)
    {
        var points = new SyncCrashPoints();
        if (configuration[KillAtVariable] is not { Length: > 0 } value)
            return points;
        if (!environment.IsDevelopment())
        {
            logger.LogWarning("{Variable} is ignored outside Development", KillAtVariable);
            return points;
        }
        var parts = value.Split(':', 2);
        points._killAt = parts[0];
        points._killCountdown = parts.Length == 2 && int.TryParse(parts[1], out var n) && n > 0 ? n : 1;
        logger.LogWarning("{Variable}: this process kills itself (SIGKILL) at the {Occurrence}th time a run reaches {Point}", KillAtVariable, points._killCountdown, points._killAt);
        return points;
    }

    /// <summary>Dies at the <paramref name="occurrence"/>-th time the run reaches <paramref name="point"/>.</summary>
    internal void Arm(string point, int occurrence = 1)
    {
        _countdown = occurrence;
        _armed = point;
    }

    internal void Disarm() => _armed = null;

    public void Reach(string point)
    {
        if (_killAt == point && Interlocked.Decrement(ref _killCountdown) == 0)
        {
            Console.Error.WriteLine($"{KillAtVariable}: killing this process at {point}");
            Console.Error.Flush();
            // SIGKILL on Unix: no finally block, flush or shutdown hook runs after this.
            Process.GetCurrentProcess().Kill();
        }
        if (_armed != point || Interlocked.Decrement(ref _countdown) != 0)
            return;
        _armed = null;
        throw new SimulatedCrashException(point);
    }
}

/// <summary>Thrown at an armed crash point; the run leaves every record as it stands.</summary>
public sealed class SimulatedCrashException(string point) : Exception($"Simulated crash at {point}");
