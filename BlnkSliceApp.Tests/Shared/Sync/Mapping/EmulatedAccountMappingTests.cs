using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Tests.Shared.Stripe;
using Stripe;

namespace BlnkSliceApp.Tests.Shared.Sync.Mapping;

/// <summary>The mapper over everything DevCloud's emulated Stripe account produces, read through the gateway.</summary>
public sealed class EmulatedAccountMappingTests(StripeEmulatorApp stripe) : IClassFixture<StripeEmulatorApp>
{
    async Task<List<BalanceTransaction>> WholeAccountAsync()
    {
        var all = new List<BalanceTransaction>();
        string? after = null;
        do
        {
            var page = await stripe.Gateway.ListBalanceTransactionsAsync(stripe.Credentials(), 0, stripe.Emulator.Account.Now + 1, after, CancellationToken.None);
            all.AddRange(page.Items);
            after = page.HasMore ? page.Items[^1].Id : null;
        } while (after is not null);
        return all;
    }

    [Fact]
    public async Task Every_category_the_emulator_produces_has_a_rule_except_other_adjustment()
    {
        var all = await WholeAccountAsync();

        var mapped = all.Select(t => BalanceTransactionMapper.Map(t, BalanceTransactionMapper.RefsOf(t), "cus_x", stripe.Emulator.AccountId)).ToList();

        var categories = mapped.Select(m => m.ReportingCategory).ToHashSet();
        Assert.Superset(new HashSet<string> { "charge", "refund", "dispute", "dispute_reversal", "payout", "payout_reversal", "fee", "other_adjustment" }, categories);
        Assert.Equal(["other_adjustment"], mapped.Where(m => m.Unmapped).Select(m => m.ReportingCategory).Distinct());
    }

    [Fact]
    public async Task Minus_the_mirrored_stripe_balance_equals_Stripe_s_balance_in_every_currency()
    {
        var all = await WholeAccountAsync();
        var balance = stripe.Emulator.Account.Balance();

        var mirrored = all
            .SelectMany(t =>
            {
                var refs = BalanceTransactionMapper.RefsOf(t);
                return BalanceTransactionMapper.Map(t, refs, refs.CustomerId, stripe.Emulator.AccountId).Postings;
            })
            .GroupBy(p => p.Currency)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.StripeEffect));

        foreach (var currency in balance.Available.Keys.Union(balance.Pending.Keys))
            Assert.Equal(balance.Total(currency), mirrored.GetValueOrDefault(currency.ToUpperInvariant()));
        Assert.Contains("JPY", mirrored.Keys);
        Assert.Contains("KWD", mirrored.Keys);
        Assert.Contains("ISK", mirrored.Keys);
        Assert.Contains("HUF", mirrored.Keys);
    }

    [Fact]
    public async Task Pay_ins_name_their_customer_and_refunds_and_disputes_name_their_charge()
    {
        var all = await WholeAccountAsync();

        var charges = all.Where(t => t.ReportingCategory == "charge").Select(BalanceTransactionMapper.RefsOf).ToList();
        var refunds = all.Where(t => t.ReportingCategory is "refund" or "dispute" or "dispute_reversal").Select(BalanceTransactionMapper.RefsOf).ToList();

        Assert.Contains(charges, r => r.CustomerId is not null);
        Assert.All(charges, r => Assert.NotNull(r.PaymentIntentId));
        Assert.All(refunds, r => Assert.NotNull(r.ChargeId));
        var knownCustomers = stripe.Emulator.Account.Charges.ToDictionary(c => c.Id, c => c.CustomerId);
        Assert.All(charges, r => Assert.Equal(knownCustomers[r.ChargeId!], r.CustomerId));
    }
}
