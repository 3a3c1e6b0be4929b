using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class ConcurrencyTests : EmulatorTest
{
    [Fact]
    public async Task Parallel_readers_page_consistently_while_activity_is_added()
    {
        var seeded = Emulator.Account.Counts.BalanceTransactions;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var rounds = 0;
            while (!stop.IsCancellationRequested)
            {
                Emulator.Account.AddActivity(new() { Payments = 2, Refunds = 1, Payouts = 0 });
                rounds++;
                await Task.Yield();
            }
            return rounds;
        });

        var walks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => AllBalanceTransactionsAsync())));
        await stop.CancelAsync();
        var rounds = await writer;

        Assert.True(rounds > 0);
        Assert.All(walks, walk =>
        {
            Assert.Equal(walk.Count, walk.Select(t => t.Id).Distinct().Count());
            Assert.True(walk.Count >= seeded);
        });
    }
}
