namespace BlnkSliceApp.Shared.Sync.Runs;

/// <summary>
/// Keeps the managed heap near SYNC_MEMORY_BUDGET_MB while runs go on (see
/// <see cref="RunSlots.KeepHeap"/>); idle, it does nothing.
/// </summary>
public sealed class HeapKeeper(RunSlots slots) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            slots.KeepHeap(GC.GetTotalMemory(forceFullCollection: false));
    }
}
