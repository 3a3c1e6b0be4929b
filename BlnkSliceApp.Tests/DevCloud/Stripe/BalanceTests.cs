using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class BalanceTests : EmulatorTest
{
    [Fact]
    public async Task The_balance_equals_the_sum_of_balance_transactions_in_every_currency()
    {
        await AssertBalanceMatchesTransactionsAsync();
    }

    [Fact]
    public async Task The_balance_still_equals_the_sum_after_new_activity_and_a_failed_payout()
    {
        Emulator.Account.AddActivity(new() { Payments = 5, Refunds = 2, Payouts = 2 });
        var paid = Emulator.Account.Payouts.First(p => p.Status == "paid");
        Emulator.Account.FailPayout(paid.Id);

        await AssertBalanceMatchesTransactionsAsync();
    }

    [Fact]
    public async Task The_seeded_balance_is_never_negative()
    {
        var balance = await Client().V1.Balance.GetAsync();

        Assert.All(balance.Available, a => Assert.True(a.Amount >= 0, $"{a.Currency} available {a.Amount}"));
        Assert.All(balance.Pending, a => Assert.True(a.Amount >= 0, $"{a.Currency} pending {a.Amount}"));
        Assert.False(balance.Livemode);
    }

    [Fact]
    public async Task The_Issuing_and_prefunding_balances_are_reported_apart_and_equal_their_own_transactions()
    {
        var balance = await Client().V1.Balance.GetAsync();
        var transactions = await AllBalanceTransactionsAsync();

        var issuing = transactions.Where(t => t.BalanceType == "issuing").ToList();
        var prefunding = transactions.Where(t => t.BalanceType == "refund_and_dispute_prefunding").ToList();
        Assert.NotEmpty(issuing);
        Assert.NotEmpty(prefunding);
        Assert.Equal(issuing.Sum(t => t.Net), balance.Issuing.Available.Single(a => a.Currency == "usd").Amount);
        Assert.Equal(prefunding.Sum(t => t.Net),
            balance.RefundAndDisputePrefunding.Available.Single(a => a.Currency == "usd").Amount + balance.RefundAndDisputePrefunding.Pending.Single(a => a.Currency == "usd").Amount);
        Assert.All(balance.Issuing.Available, a => Assert.True(a.Amount >= 0));
    }

    async Task AssertBalanceMatchesTransactionsAsync()
    {
        var balance = await Client().V1.Balance.GetAsync();
        var transactions = (await AllBalanceTransactionsAsync()).Where(t => t.BalanceType == "payments").ToList();

        var currencies = transactions.Select(t => t.Currency).Distinct().ToList();
        Assert.Equal(["eur", "huf", "isk", "jpy", "kwd", "usd"], currencies.Order());
        foreach (var currency in currencies)
        {
            var ofCurrency = transactions.Where(t => t.Currency == currency).ToList();
            Assert.Equal(ofCurrency.Where(t => t.Status == "available").Sum(t => t.Net),
                balance.Available.Single(a => a.Currency == currency).Amount);
            Assert.Equal(ofCurrency.Where(t => t.Status == "pending").Sum(t => t.Net),
                balance.Pending.Single(a => a.Currency == currency).Amount);
            Assert.All(ofCurrency, t => Assert.Equal(t.Amount - t.Fee, t.Net));
            Assert.All(ofCurrency, t => Assert.Equal(t.Fee, t.FeeDetails.Sum(f => f.Amount)));
        }
    }
}
