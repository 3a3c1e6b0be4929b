using System.Diagnostics;
using System.Threading.RateLimiting;
using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Cloud;

/// <summary>
/// How many Cloud calls this process has in flight at once, across every install's runs
/// (CLOUD_MAX_CONCURRENT_CALLS). Each attempt takes a slot and gives it back when its answer
/// arrives, so a call waiting out a back-off holds none. Waiters are served oldest first: one
/// install's burst of calls queues behind the calls other installs asked for before it.
/// </summary>
public sealed class CloudCallSlots : IDisposable
{
    readonly ConcurrencyLimiter _limiter;
    int _waiting;

    public CloudCallSlots(AppSettings settings)
    {
        Capacity = settings.CloudMaxConcurrentCalls;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Capacity,
            // Never turned away: a call waits its turn (or its caller's cancellation).
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int Capacity { get; }

    /// <summary>Calls holding a slot now.</summary>
    public int InFlight => Capacity - (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? Capacity);

    /// <summary>Calls waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// A slot, held until the lease is disposed. <paramref name="waited"/> is told how long the
    /// call waited when no slot was free at once. Cancelled while waiting, it takes no slot.
    /// </summary>
    public async ValueTask<RateLimitLease> TakeAsync(Action<TimeSpan>? waited, CancellationToken ct)
    {
        // Refused while others queue (oldest first), so a newcomer never passes a waiter.
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
            return lease;
        lease.Dispose();

        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _waiting);
        try
        {
            lease = await _limiter.AcquireAsync(1, ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        waited?.Invoke(Stopwatch.GetElapsedTime(started));
        return lease;
    }

    public void Dispose() => _limiter.Dispose();
}
