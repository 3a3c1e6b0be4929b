using System.Threading.RateLimiting;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Tests.Shared.Cloud;

/// <summary>The process-wide limit on Cloud calls in flight: the rest wait their turn, oldest first.</summary>
public sealed class CloudCallSlotsTests
{
    static CloudCallSlots Slots(int capacity) => new(new AppSettings
    {
        PublicBaseUrl = new Uri("http://localhost"), DatabasePath = "unused.db", SessionSecret = new byte[32], EncryptionKey = new byte[32],
        FrameAncestors = "'self'", PortalSessionMinutes = 30, CloudAllowedIps = [], TrustedProxies = [],
        BlnkCloudApiUrl = new Uri("http://localhost"), StripeApiBase = new Uri("http://localhost"), SyncIntervalMinutes = 0, SyncBackfillDays = 90,
        CloudMaxConcurrentCalls = capacity,
    });

    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Calls_within_the_limit_go_at_once_without_waiting()
    {
        using var slots = Slots(2);
        var waits = 0;

        using var first = await slots.TakeAsync(_ => waits++, CancellationToken.None);
        using var second = await slots.TakeAsync(_ => waits++, CancellationToken.None);

        Assert.Equal(0, waits);
        Assert.Equal(2, slots.InFlight);
        Assert.Equal(0, slots.Waiting);
    }

    [Fact]
    public async Task Many_concurrent_callers_never_have_more_calls_in_flight_than_the_limit()
    {
        using var slots = Slots(4);
        var inFlight = 0;
        var most = 0;
        var waited = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            using var lease = await slots.TakeAsync(_ => Interlocked.Increment(ref waited), CancellationToken.None);
            var now = Interlocked.Increment(ref inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, now, seen) != seen) { }
            Assert.True(slots.InFlight <= 4);
            await Task.Delay(1);
            Interlocked.Decrement(ref inFlight);
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.InRange(most, 1, 4);
        Assert.True(waited > 0, "200 callers on 4 slots: some waited");
        Assert.Equal(0, slots.InFlight);
        Assert.Equal(0, slots.Waiting);
    }

    [Fact]
    public async Task Waiting_calls_are_sent_in_the_order_they_asked_so_one_install_s_burst_does_not_pass_another_s_call()
    {
        using var slots = Slots(1);
        var holder = await slots.TakeAsync(null, CancellationToken.None);
        var order = new List<string>();
        // Install A asks for five calls, then install B for one, then A for five more.
        string[] callers = ["a1", "a2", "a3", "a4", "a5", "b1", "a6", "a7", "a8", "a9", "a10"];
        var waiters = callers.Select(name => Served(slots, name, order)).ToList();

        Assert.Equal(callers.Length, slots.Waiting);
        holder.Dispose();
        foreach (var waiter in waiters)
            (await waiter.WaitAsync(Deadline)).Dispose();

        Assert.Equal(callers, order);
        Assert.Equal(0, slots.InFlight);
    }

    [Fact]
    public async Task A_newcomer_does_not_take_a_slot_freed_for_a_call_already_waiting()
    {
        using var slots = Slots(1);
        var holder = await slots.TakeAsync(null, CancellationToken.None);
        var order = new List<string>();
        var waiting = Served(slots, "waiting", order);

        holder.Dispose();
        var newcomer = Served(slots, "newcomer", order);
        (await waiting.WaitAsync(Deadline)).Dispose();
        (await newcomer.WaitAsync(Deadline)).Dispose();

        Assert.Equal(["waiting", "newcomer"], order);
    }

    [Fact]
    public async Task A_call_cancelled_while_waiting_gives_up_its_place_takes_no_slot_and_gives_back_none()
    {
        using var slots = Slots(1);
        var holder = await slots.TakeAsync(null, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waitedCalls = 0;

        var cancelled = slots.TakeAsync(_ => waitedCalls++, cancel.Token).AsTask();
        var behind = slots.TakeAsync(null, CancellationToken.None).AsTask();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Deadline));
        Assert.Equal(0, waitedCalls);
        // The holder still holds the only slot: the cancelled call released nothing it did not take.
        Assert.Equal(1, slots.Waiting);
        Assert.Equal(1, slots.InFlight);
        Assert.False(behind.IsCompleted);

        holder.Dispose();
        using var next = await behind.WaitAsync(Deadline);
        Assert.Equal(1, slots.InFlight);
        var another = slots.TakeAsync(null, CancellationToken.None).AsTask();
        Assert.False(another.IsCompleted, "the limit is still one: the cancellation added no slot");
        next.Dispose();
        (await another.WaitAsync(Deadline)).Dispose();
        Assert.Equal(0, slots.InFlight);
    }

    [Fact]
    public async Task A_call_that_waited_is_told_how_long_once_it_has_its_slot()
    {
        using var slots = Slots(1);
        var holder = await slots.TakeAsync(null, CancellationToken.None);
        TimeSpan? told = null;

        var waiting = slots.TakeAsync(waited => told = waited, CancellationToken.None).AsTask();
        Assert.Null(told);
        holder.Dispose();
        (await waiting.WaitAsync(Deadline)).Dispose();

        Assert.NotNull(told);
        Assert.True(told > TimeSpan.Zero);
    }

    static async Task<RateLimitLease> Served(CloudCallSlots slots, string name, List<string> order)
    {
        var lease = await slots.TakeAsync(null, CancellationToken.None);
        lock (order) order.Add(name);
        return lease;
    }
}
