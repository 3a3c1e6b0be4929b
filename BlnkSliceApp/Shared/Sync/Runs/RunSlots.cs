using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Sync.Runs;

/// <summary>
/// How many runs this process carries out at once, across every install (SYNC_MAX_CONCURRENT_RUNS).
/// One container serves every install of a deployment: when a schedule makes them all due at
/// once, the rest wait their turn in the order they asked (first come, first served, so no
/// install is starved) instead of all reading Stripe and writing the database together, which
/// would make every run slow and memory grow with the number of installs.
/// </summary>
public sealed class RunSlots(AppSettings settings)
{
    readonly SemaphoreSlim _slots = new(settings.SyncMaxConcurrentRuns, settings.SyncMaxConcurrentRuns);
    int _waiting;

    public int Capacity => settings.SyncMaxConcurrentRuns;

    /// <summary>Runs waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Runs holding a slot now.</summary>
    public int Running => Capacity - _slots.CurrentCount;

    /// <summary>
    /// A slot, held until disposed. <paramref name="waiting"/> is told how many runs are ahead
    /// when there is no free slot at once (for the run's phase in the portal).
    /// </summary>
    public async Task<IDisposable> TakeAsync(Action<int> waiting, CancellationToken ct)
    {
        if (_slots.Wait(0))
            return new Slot(_slots);
        var ahead = Interlocked.Increment(ref _waiting) - 1;
        try
        {
            waiting(ahead);
            // SemaphoreSlim hands slots to asynchronous waiters in the order they began to wait.
            await _slots.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return new Slot(_slots);
    }

    sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
