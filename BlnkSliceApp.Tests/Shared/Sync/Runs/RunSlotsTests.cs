using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Shared.Sync.Runs;

/// <summary>The process-wide limit on runs at once: the rest wait their turn, first come, first served.</summary>
public sealed class RunSlotsTests
{
    static RunSlots Slots(int capacity) => new(new AppSettings
    {
        PublicBaseUrl = new Uri("http://localhost"), DatabasePath = "unused.db", SessionSecret = new byte[32], EncryptionKey = new byte[32],
        FrameAncestors = "'self'", PortalSessionMinutes = 30, CloudAllowedIps = [], TrustedProxies = [],
        BlnkCloudApiUrl = new Uri("http://localhost"), StripeApiBase = new Uri("http://localhost"), SyncIntervalMinutes = 0, SyncBackfillDays = 90,
        SyncMaxConcurrentRuns = capacity,
    });

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
}
