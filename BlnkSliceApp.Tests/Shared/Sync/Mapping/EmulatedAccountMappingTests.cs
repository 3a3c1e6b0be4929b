using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Tests.Shared.Stripe;

namespace BlnkSliceApp.Tests.Shared.Sync.Mapping;

/// <summary>The mapper over everything DevCloud's emulated Stripe account produces, read through the gateway.</summary>
public sealed class EmulatedAccountMappingTests(StripeEmulatorApp stripe) : IClassFixture<StripeEmulatorApp>
{
    async Task<List<StripeBalanceTransaction>> WholeAccountAsync()
    {
        var all = new List<StripeBalanceTransaction>();
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
        Assert.Superset(new HashSet<string>
        {
            "charge", "refund", "partial_capture_reversal", "refund_failure", "charge_failure", "payment_unreconciled", "dispute", "dispute_reversal",
            "payout", "payout_reversal", "fee", "tax", "topup", "topup_reversal", "transfer", "transfer_reversal", "platform_earning",
            "platform_earning_refund", "connect_reserved_funds", "risk_reserved_funds", "issuing_authorization_hold",
            "issuing_authorization_release", "issuing_transaction", "issuing_dispute", "other_adjustment",
        }, categories);
        Assert.Equal(["other_adjustment"], mapped.Where(m => m.Unmapped).Select(m => m.ReportingCategory).Distinct());
    }

    [Fact]
    public async Task The_seeded_account_holds_every_category_of_the_rule_table()
    {
        var categories = (await WholeAccountAsync()).Select(BalanceTransactionMapper.CategoryOf).ToHashSet();

        Assert.All(MappingRules.Categories, rule => Assert.Contains(rule.Category, categories));
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
            .GroupBy(p => (p.BalanceType, p.Currency))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.StripeEffect));

        foreach (var balanceType in balance.BalanceTypeNames)
            foreach (var currency in balance.AvailableOf(balanceType).Keys.Union(balance.PendingOf(balanceType).Keys))
                Assert.Equal(balance.Total(balanceType, currency), mirrored.GetValueOrDefault((balanceType, currency.ToUpperInvariant())));
        Assert.Contains(("issuing", "USD"), mirrored.Keys);
        Assert.Contains(("refund_and_dispute_prefunding", "USD"), mirrored.Keys);
        foreach (var currency in (string[])["JPY", "KWD", "ISK", "HUF"])
            Assert.Contains(("payments", currency), mirrored.Keys);
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
