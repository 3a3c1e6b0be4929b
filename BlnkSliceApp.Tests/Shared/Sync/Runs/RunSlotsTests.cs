using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.DevCloud;

namespace BlnkSliceApp.Tests.Shared.Sync.Runs;

/// <summary>The process-wide limit on runs at once: the rest wait their turn, first come, first served.</summary>
public sealed class RunSlotsTests
{
    static RunSlots Slots(int capacity, RunSlots.IHeap? heap = null) => new(new AppSettings
    {
        PublicBaseUrl = new Uri("http://localhost"), DatabasePath = "unused.db", SessionSecret = new byte[32], EncryptionKey = new byte[32],
        FrameAncestors = "'self'", PortalSessionMinutes = 30, CloudAllowedIps = [], TrustedProxies = [],
        BlnkCloudApiUrl = new Uri("http://localhost"), StripeApiBase = new Uri("http://localhost"), SyncIntervalMinutes = 0, SyncBackfillDays = 90,
        SyncMaxConcurrentRuns = capacity, SyncMemoryBudgetMegabytes = 100,
    }, heap ?? new FakeHeap(0));

    sealed class FakeHeap(long megabytes) : RunSlots.IHeap
    {
        public long Megabytes { get; set; } = megabytes;
        public int Collections;
        public long Bytes => Megabytes * 1024 * 1024;
        public void Collect() => Interlocked.Increment(ref Collections);
    }

    [Fact]
    public async Task Runs_within_the_limit_start_at_once_without_being_told_to_wait()
    {
        var slots = Slots(2);
        var told = new List<int>();

        using var first = await slots.TakeAsync(told.Add, CancellationToken.None);
        using var second = await slots.TakeAsync(told.Add, CancellationToken.None);

        Assert.Empty(told);
        Assert.Equal(2, slots.Running);
    }

    [Fact]
    public async Task Beyond_the_limit_runs_wait_and_get_their_slots_in_the_order_they_asked()
    {
        var slots = Slots(1);
        var holder = await slots.TakeAsync(_ => { }, CancellationToken.None);
        var order = new List<int>();
        var ahead = new int[3];
        var waiters = Enumerable.Range(0, 3).Select(i =>
        {
            var task = slots.TakeAsync(count => ahead[i] = count, CancellationToken.None);
            return task.ContinueWith(t =>
            {
                lock (order) order.Add(i);
                return t.Result;
            }, TaskScheduler.Default);
        }).ToList();

        Assert.Equal(3, slots.Waiting);
        Assert.Equal([0, 1, 2], ahead);
        holder.Dispose();
        for (var i = 0; i < 3; i++)
        {
            var next = await waiters[i].WaitAsync(TimeSpan.FromSeconds(10));
            next.Dispose();
        }

        Assert.Equal([0, 1, 2], order);
        Assert.Equal(0, slots.Waiting);
        Assert.Equal(0, slots.Running);
    }

    [Fact]
    public async Task A_run_cancelled_while_waiting_gives_up_its_place_and_takes_no_slot()
    {
        var slots = Slots(1);
        var holder = await slots.TakeAsync(_ => { }, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = slots.TakeAsync(_ => { }, cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, slots.Waiting);
        holder.Dispose();
        using var again = await slots.TakeAsync(_ => throw new InvalidOperationException("a free slot needs no waiting"), CancellationToken.None);
        Assert.Equal(1, slots.Running);
    }

    [Fact]
    public async Task A_slot_given_back_twice_is_given_back_once()
    {
        var slots = Slots(1);
        var slot = await slots.TakeAsync(_ => { }, CancellationToken.None);

        slot.Dispose();
        slot.Dispose();

        Assert.Equal(0, slots.Running);
    }

    [Fact]
    public async Task The_first_run_starts_whatever_the_heap_so_a_busy_process_never_stops_syncing()
    {
        var slots = Slots(2, new FakeHeap(500));

        using var only = await slots.TakeAsync(_ => throw new InvalidOperationException("the first run never waits"), CancellationToken.None);

        Assert.Equal(1, slots.Running);
        Assert.Equal(0, slots.HeldForMemory);
    }

    [Fact]
    public async Task With_the_heap_over_the_budget_a_free_slot_waits_for_memory_and_the_run_starts_once_runs_in_progress_gave_it_back()
    {
        var heap = new FakeHeap(500);
        var slots = Slots(4, heap);
        var first = await slots.TakeAsync(_ => { }, CancellationToken.None);
        var told = new List<int>();

        var second = slots.TakeAsync(ahead => { lock (told) told.Add(ahead); }, CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref heap.Collections) > 0), 10_000);

        Assert.False(second.IsCompleted);
        Assert.Equal(1, slots.Running);
        Assert.Equal(1, slots.Waiting);
        Assert.Equal([-1], told);
        heap.Megabytes = 90;
        using var started = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, slots.Running);
        Assert.Equal(0, slots.Waiting);
        Assert.Equal(1, slots.HeldForMemory);
        first.Dispose();
    }

    [Fact]
    public async Task A_run_waiting_for_memory_starts_when_the_runs_in_progress_end()
    {
        var slots = Slots(4, new FakeHeap(500));
        var first = await slots.TakeAsync(_ => { }, CancellationToken.None);

        var second = slots.TakeAsync(_ => { }, CancellationToken.None);
        Assert.False(second.IsCompleted);
        first.Dispose();

        using var started = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, slots.Running);
    }

    [Fact]
    public async Task A_run_cancelled_while_waiting_for_memory_gives_its_slot_back()
    {
        var slots = Slots(2, new FakeHeap(500));
        using var first = await slots.TakeAsync(_ => { }, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = slots.TakeAsync(_ => { }, cancel.Token);
        Assert.False(waiting.IsCompleted);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, slots.Waiting);
        Assert.Equal(1, slots.Running);
        // Both slots free of the cancelled run: a third takes one (and waits for memory, not for a slot).
        var third = slots.TakeAsync(_ => { }, CancellationToken.None);
        first.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task While_runs_go_on_a_heap_over_the_budget_is_collected_at_most_every_two_seconds_and_an_idle_one_never()
    {
        var heap = new FakeHeap(0);
        var slots = Slots(2, heap);
        const long over = 200L * 1024 * 1024, under = 50L * 1024 * 1024;

        Assert.False(slots.KeepHeap(over));
        using var run = await slots.TakeAsync(_ => { }, CancellationToken.None);
        Assert.False(slots.KeepHeap(under));
        Assert.True(slots.KeepHeap(over));
        Assert.False(slots.KeepHeap(over));

        Assert.Equal(1, heap.Collections);
    }
}
