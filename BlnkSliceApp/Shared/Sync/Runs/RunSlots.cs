using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Sync.Runs;

/// <summary>
/// How many runs this process carries out at once, across every install (SYNC_MAX_CONCURRENT_RUNS).
/// One container serves every install of a deployment: when a schedule makes them all due at
/// once, the rest wait their turn in the order they asked (first come, first served, so no
/// install is starved) instead of all reading Stripe and writing the database together, which
/// would make every run slow and memory grow with the number of installs.
/// A free slot is also not enough while the managed heap is over SYNC_MEMORY_BUDGET_MB: the next
/// run in line waits (still first in line) until runs in progress have given memory back, so
/// a crowd of large first syncs does not add up to more memory than the container has. One run
/// always goes, whatever the heap.
/// </summary>
public sealed class RunSlots(AppSettings settings, RunSlots.IHeap? heap = null)
{
    /// <summary>The managed heap as the collector last measured it (tests give their own).</summary>
    public interface IHeap
    {
        long Bytes { get; }

        /// <summary>Asks for a full collection, so garbage left by finished work is not taken for memory in use.</summary>
        void Collect();
    }

    sealed class GcHeap : IHeap
    {
        public long Bytes => GC.GetGCMemoryInfo().HeapSizeBytes;
        public void Collect() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    static readonly TimeSpan MemoryPoll = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan CollectEvery = TimeSpan.FromSeconds(2);

    readonly SemaphoreSlim _slots = new(settings.SyncMaxConcurrentRuns, settings.SyncMaxConcurrentRuns);
    readonly IHeap _heap = heap ?? new GcHeap();
    readonly long _budget = settings.SyncMemoryBudgetMegabytes * 1024L * 1024L;
    long _lastCollect = Environment.TickCount64 - (long)CollectEvery.TotalMilliseconds;
    int _waiting;
    int _running;
    long _heldForMemory;

    public int Capacity => settings.SyncMaxConcurrentRuns;

    /// <summary>Runs waiting for a slot (or, first in line, for memory) now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Runs holding a slot and started now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Runs that found a free slot but waited for the heap to go under the budget first, since start.</summary>
    public long HeldForMemory => Interlocked.Read(ref _heldForMemory);

    /// <summary>
    /// A slot, held until disposed. <paramref name="waiting"/> is told how many runs are ahead
    /// when there is no free slot at once (for the run's phase in the portal); -1 when the run is
    /// next but waits for memory.
    /// </summary>
    public async Task<IDisposable> TakeAsync(Action<int> waiting, CancellationToken ct)
    {
        if (!_slots.Wait(0))
        {
            var ahead = Interlocked.Increment(ref _waiting) - 1;
            try
            {
                waiting(ahead);
                // SemaphoreSlim hands slots to asynchronous waiters in the order they began to wait.
                await _slots.WaitAsync(ct);
            }
            catch
            {
                Interlocked.Decrement(ref _waiting);
                throw;
            }
        }
        else
            Interlocked.Increment(ref _waiting);

        try
        {
            // Holding the slot keeps this run first in line while it waits for memory.
            await WaitForMemoryAsync(waiting, ct);
        }
        catch
        {
            _slots.Release();
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        Interlocked.Increment(ref _running);
        return new Slot(this);
    }

    async Task WaitForMemoryAsync(Action<int> waiting, CancellationToken ct)
    {
        var held = false;
        while (Running > 0 && _heap.Bytes > _budget)
        {
            if (!held)
            {
                held = true;
                Interlocked.Increment(ref _heldForMemory);
                waiting(-1);
            }
            // The heap size is the collector's last measure: a full collection now and then shows
            // what finished runs gave back (a workstation collector may wait long for its own).
            CollectAtMostEvery();
            if (_heap.Bytes <= _budget) break;
            await Task.Delay(MemoryPoll, ct);
        }
    }

    /// <summary>
    /// While runs go on, a heap (garbage included) over the budget gets a full collection, at most
    /// every 2 s: with several runs at once the workstation collector lets garbage pile up in
    /// gen 2 to about twice what is live before collecting it (called by <see cref="HeapKeeper"/>).
    /// </summary>
    public bool KeepHeap(long allocatedBytes) =>
        Running > 0 && allocatedBytes > _budget && CollectAtMostEvery();

    bool CollectAtMostEvery()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastCollect);
        if (now - last < CollectEvery.TotalMilliseconds || Interlocked.CompareExchange(ref _lastCollect, now, last) != last)
            return false;
        _heap.Collect();
        return true;
    }

    sealed class Slot(RunSlots owner) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            Interlocked.Decrement(ref owner._running);
            owner._slots.Release();
        }
    }
}
