using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Mapping;
using Stripe;

namespace BlnkSliceApp.Tests.Shared.Sync.Mapping;

public sealed class BalanceTransactionMapperTests
{
    const string Account = "acct_1TestAccount";
    static readonly DateTime Created = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    static BalanceTransaction Txn(string category, long amount, long fee = 0, string currency = "usd", IBalanceTransactionSource? source = null, string? type = null, string id = "txn_1") => new()
    {
        Id = id,
        Amount = amount,
        Fee = fee,
        Net = amount - fee,
        Currency = currency,
        ReportingCategory = category,
        Type = type ?? category,
        Created = Created,
        Source = source,
    };

    static MappedTransaction Map(BalanceTransaction txn, string? customerId = "cus_1", string? label = "jane@example.com") =>
        BalanceTransactionMapper.Map(txn, BalanceTransactionMapper.RefsOf(txn), customerId, label, Account);

    static (LedgerRole, LedgerRole, long) Leg(PlannedPosting p) => (p.Source, p.Destination, p.PreciseAmount);

    [Fact]
    public void A_pay_in_moves_the_gross_from_stripe_to_the_customer_and_the_fee_from_fees_to_stripe()
    {
        var mapped = Map(Txn("charge", 10_000, 320, source: new Charge { Id = "ch_1", CustomerId = "cus_1", PaymentIntentId = "pi_1" }));

        Assert.Equal(2, mapped.Postings.Count);
        var (amount, fee) = (mapped.Postings[0], mapped.Postings[1]);
        Assert.Equal("stripe:txn_1", amount.Reference);
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 10_000L), Leg(amount));
        Assert.Equal("stripe:txn_1:fee", fee.Reference);
        Assert.Equal((LedgerRole.Fees, LedgerRole.Stripe, 320L), Leg(fee));
        Assert.Equal("Stripe pay-in from jane@example.com", amount.Description);
        Assert.Equal("Stripe fee for pay-in from jane@example.com", fee.Description);
        Assert.Equal("USD", amount.Currency);
        Assert.Equal(100, amount.Precision);
        Assert.False(mapped.Unmapped);
        Assert.Equal("cus_1", mapped.CustomerId);
        Assert.Equal(new DateTimeOffset(Created).ToUnixTimeSeconds(), mapped.Created);
    }

    [Fact]
    public void A_pay_in_without_a_customer_goes_to_unattributed()
    {
        var mapped = Map(Txn("charge", 5_000, 175, source: new Charge { Id = "ch_guest" }), customerId: null, label: null);

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Unattributed, 5_000L), Leg(mapped.Postings[0]));
        Assert.Equal("Stripe pay-in ch_guest (no customer)", mapped.Postings[0].Description);
        Assert.Null(mapped.CustomerId);
    }

    [Fact]
    public void A_non_card_payment_is_a_pay_in_too()
    {
        var mapped = Map(Txn("charge", 2_000, 35, type: "payment", source: new Charge { Id = "py_1", CustomerId = "cus_1" }));

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 2_000L), Leg(mapped.Postings[0]));
    }

    [Fact]
    public void A_refund_moves_money_from_the_customer_back_to_stripe()
    {
        var mapped = Map(Txn("refund", -2_500, source: new Refund { Id = "re_1", ChargeId = "ch_1" }));

        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Customer, LedgerRole.Stripe, 2_500L), Leg(posting));
        Assert.Equal("Stripe refund to jane@example.com", posting.Description);
    }

    [Fact]
    public void A_dispute_withdrawal_takes_from_the_customer_and_its_fee_goes_to_fees()
    {
        var mapped = Map(Txn("dispute", -10_000, 1_500, type: "adjustment", source: new Dispute { Id = "dp_1", ChargeId = "ch_1" }));

        Assert.Equal((LedgerRole.Customer, LedgerRole.Stripe, 10_000L), Leg(mapped.Postings[0]));
        Assert.Equal((LedgerRole.Fees, LedgerRole.Stripe, 1_500L), Leg(mapped.Postings[1]));
        Assert.Contains("dispute withdrawal dp_1", mapped.Postings[0].Description);
    }

    [Fact]
    public void A_won_dispute_returns_the_money_to_the_customer_and_the_refunded_fee_to_stripe()
    {
        var mapped = Map(Txn("dispute_reversal", 10_000, -1_500, type: "adjustment", source: new Dispute { Id = "dp_1", ChargeId = "ch_1" }));

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 10_000L), Leg(mapped.Postings[0]));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Fees, 1_500L), Leg(mapped.Postings[1]));
        Assert.StartsWith("Stripe fee refund for", mapped.Postings[1].Description);
    }

    [Fact]
    public void A_payout_moves_from_payouts_to_stripe()
    {
        var mapped = Map(Txn("payout", -80_000, source: new Payout { Id = "po_1" }), customerId: null, label: null);

        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Payouts, LedgerRole.Stripe, 80_000L), Leg(posting));
        Assert.Equal("Stripe payout po_1", posting.Description);
    }

    [Fact]
    public void A_failed_payout_comes_back_from_stripe_to_payouts()
    {
        var mapped = Map(Txn("payout_reversal", 80_000, type: "payout_failure", source: new Payout { Id = "po_1" }), customerId: null, label: null);

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Payouts, 80_000L), Leg(Assert.Single(mapped.Postings)));
        Assert.False(mapped.Unmapped);
    }

    [Fact]
    public void A_category_without_a_rule_goes_between_stripe_and_other_by_sign_and_is_marked_unmapped()
    {
        var credit = Map(Txn("other_adjustment", 2_500, type: "adjustment"), customerId: null, label: null);
        var debit = Map(Txn("topup_reversal", -700, type: "topup_reversal"), customerId: null, label: null);

        Assert.True(credit.Unmapped);
        Assert.True(debit.Unmapped);
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Other, 2_500L), Leg(Assert.Single(credit.Postings)));
        Assert.Equal((LedgerRole.Other, LedgerRole.Stripe, 700L), Leg(Assert.Single(debit.Postings)));
        Assert.Contains("unmapped", credit.Postings[0].Description);
    }

    [Fact]
    public void A_stripe_billing_fee_is_a_fee_not_an_unmapped_adjustment()
    {
        var mapped = Map(new BalanceTransaction
        {
            Id = "txn_fee", Amount = -1_200, Currency = "usd", ReportingCategory = "fee", Type = "stripe_fee",
            Created = Created, Description = "Billing - Radar (monthly)",
        }, customerId: null, label: null);

        Assert.False(mapped.Unmapped);
        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Fees, LedgerRole.Stripe, 1_200L), Leg(posting));
        Assert.Equal("Stripe fee txn_fee: Billing - Radar (monthly)", posting.Description);
    }

    [Fact]
    public void A_negative_charge_and_a_positive_refund_reverse_their_rows()
    {
        var charge = Map(Txn("charge", -300, -20, source: new Charge { Id = "ch_1", CustomerId = "cus_1" }));
        var refund = Map(Txn("refund", 400, source: new Refund { Id = "re_1", ChargeId = "ch_1" }));

        Assert.Equal((LedgerRole.Customer, LedgerRole.Stripe, 300L), Leg(charge.Postings[0]));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Fees, 20L), Leg(charge.Postings[1]));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 400L), Leg(Assert.Single(refund.Postings)));
    }

    [Fact]
    public void Zero_amounts_and_fees_are_not_posted()
    {
        Assert.Empty(Map(Txn("charge", 0, 0, source: new Charge { Id = "ch_0" })).Postings);
        var feeOnly = Map(Txn("charge", 0, 30, source: new Charge { Id = "ch_0" }));
        Assert.Equal("stripe:txn_1:fee", Assert.Single(feeOnly.Postings).Reference);
        Assert.Equal("stripe:txn_1", Assert.Single(Map(Txn("payout", -10, 0)).Postings).Reference);
    }

    [Theory]
    [InlineData("jpy", "JPY", 1)]
    [InlineData("kwd", "KWD", 1000)]
    [InlineData("isk", "ISK", 100)]
    [InlineData("huf", "HUF", 100)]
    [InlineData("usd", "USD", 100)]
    public void Amounts_keep_Stripe_s_integer_with_the_currency_s_precision(string currency, string upper, long precision)
    {
        var mapped = Map(Txn("charge", 123_450, 4_560, currency, new Charge { Id = "ch_1", CustomerId = "cus_1" }));

        Assert.All(mapped.Postings, p =>
        {
            Assert.Equal(upper, p.Currency);
            Assert.Equal(precision, p.Precision);
        });
        Assert.Equal(123_450, mapped.Postings[0].PreciseAmount);
        Assert.Equal(4_560, mapped.Postings[1].PreciseAmount);
    }

    [Fact]
    public void The_meta_data_has_one_stripe_sync_object_with_every_reference()
    {
        var mapped = Map(Txn("charge", 1_000, 59, source: new Charge { Id = "ch_9", CustomerId = "cus_1", PaymentIntentId = "pi_9" }));

        foreach (var posting in mapped.Postings)
        {
            var key = Assert.Single(posting.MetaData);
            Assert.Equal("stripe_sync", key.Key);
            var sync = (JsonObject)key.Value!;
            Assert.Equal("txn_1", (string?)sync["balance_transaction_id"]);
            Assert.Equal("ch_9", (string?)sync["source_id"]);
            Assert.Equal("pi_9", (string?)sync["payment_intent_id"]);
            Assert.Equal("cus_1", (string?)sync["customer_id"]);
            Assert.Equal("charge", (string?)sync["reporting_category"]);
            Assert.Equal(Account, (string?)sync["stripe_account_id"]);
        }
        Assert.NotSame(mapped.Postings[0].MetaData, mapped.Postings[1].MetaData);
    }

    [Fact]
    public void Refs_come_from_the_expanded_charge()
    {
        var refs = BalanceTransactionMapper.RefsOf(Txn("charge", 1, source: new Charge { Id = "ch_1", CustomerId = "cus_1", PaymentIntentId = "pi_1" }));

        Assert.Equal(new SourceRefs("ch_1", "ch_1", "cus_1", "pi_1"), refs);
    }

    [Fact]
    public void A_refund_or_dispute_names_its_charge_and_leaves_the_customer_to_a_look_up()
    {
        var refund = BalanceTransactionMapper.RefsOf(Txn("refund", -1, source: new Refund { Id = "re_1", ChargeId = "ch_1", PaymentIntentId = "pi_1" }));
        var dispute = BalanceTransactionMapper.RefsOf(Txn("dispute", -1, source: new Dispute { Id = "dp_1", ChargeId = "ch_2", PaymentIntentId = "pi_2" }));

        Assert.Equal(new SourceRefs("re_1", "ch_1", null, "pi_1"), refund);
        Assert.Equal(new SourceRefs("dp_1", "ch_2", null, "pi_2"), dispute);
    }

    [Fact]
    public void A_refund_whose_charge_is_expanded_names_the_customer()
    {
        var refs = BalanceTransactionMapper.RefsOf(Txn("refund", -1, source: new Refund { Id = "re_1", Charge = new Charge { Id = "ch_1", CustomerId = "cus_7" } }));

        Assert.Equal("ch_1", refs.ChargeId);
        Assert.Equal("cus_7", refs.CustomerId);
    }

    [Fact]
    public void A_payout_or_a_source_less_adjustment_has_no_charge_or_customer()
    {
        Assert.Equal(new SourceRefs("po_1", null, null, null), BalanceTransactionMapper.RefsOf(Txn("payout", -1, source: new Payout { Id = "po_1" })));
        Assert.Equal(SourceRefs.None, BalanceTransactionMapper.RefsOf(Txn("other_adjustment", 1)));
    }

    [Fact]
    public void An_unexpanded_charge_source_still_names_the_charge()
    {
        var txn = Txn("charge", 1);
        txn.SourceId = "ch_plain";

        Assert.Equal(new SourceRefs("ch_plain", "ch_plain", null, null), BalanceTransactionMapper.RefsOf(txn));
    }

    [Fact]
    public void A_positive_opening_balance_leaves_stripe_for_opening()
    {
        var posting = BalanceTransactionMapper.OpeningBalance(Account, new StripeBalanceAmount("KWD", 12_340, 1000), 1_700_000_000);

        Assert.Equal($"stripe:opening:{Account}:kwd", posting.Reference);
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Opening, 12_340L), Leg(posting));
        Assert.Equal(12_340, posting.StripeEffect);
        Assert.Equal(1000, posting.Precision);
        Assert.Equal("KWD", posting.Currency);
        Assert.Equal("opening_balance", (string?)posting.MetaData["stripe_sync"]!["reporting_category"]);
        Assert.Contains("opening balance", posting.Description);
    }

    [Fact]
    public void A_negative_opening_balance_comes_from_opening_into_stripe()
    {
        var posting = BalanceTransactionMapper.OpeningBalance(Account, new StripeBalanceAmount("USD", -900, 100), 1_700_000_000);

        Assert.Equal((LedgerRole.Opening, LedgerRole.Stripe, 900L), Leg(posting));
        Assert.Equal(-900, posting.StripeEffect);
    }

    [Fact]
    public void A_zero_opening_balance_is_refused() =>
        Assert.Throws<ArgumentException>(() => BalanceTransactionMapper.OpeningBalance(Account, new StripeBalanceAmount("USD", 0, 100), 1));

    [Fact]
    public void Across_every_kind_and_sign_minus_the_stripe_balance_moves_by_amount_minus_fee()
    {
        var transactions = new[]
        {
            Txn("charge", 10_000, 320, source: new Charge { Id = "ch_1", CustomerId = "cus_1" }, id: "txn_a"),
            Txn("charge", 7_000, 230, source: new Charge { Id = "ch_2" }, id: "txn_b"),
            Txn("refund", -2_500, source: new Refund { Id = "re_1", ChargeId = "ch_1" }, id: "txn_c"),
            Txn("refund", 2_500, source: new Refund { Id = "re_2", ChargeId = "ch_1" }, id: "txn_d"),
            Txn("dispute", -7_000, 1_500, source: new Dispute { Id = "dp_1", ChargeId = "ch_2" }, id: "txn_e"),
            Txn("dispute_reversal", 7_000, -1_500, source: new Dispute { Id = "dp_1", ChargeId = "ch_2" }, id: "txn_f"),
            Txn("payout", -12_000, source: new Payout { Id = "po_1" }, id: "txn_g"),
            Txn("payout_reversal", 12_000, source: new Payout { Id = "po_1" }, id: "txn_h"),
            Txn("fee", -1_200, id: "txn_i"),
            Txn("other_adjustment", 2_500, id: "txn_j"),
            Txn("other_adjustment", -300, 10, id: "txn_k"),
            Txn("charge", 50_000, 1_800, "jpy", new Charge { Id = "ch_3", CustomerId = "cus_2" }, id: "txn_l"),
        };

        var byCurrency = transactions.GroupBy(t => t.Currency.ToUpperInvariant());
        foreach (var group in byCurrency)
        {
            var stripeNet = group.Sum(t => t.Amount - t.Fee);
            var mirrored = group.SelectMany(t => Map(t, t.Source is Charge { CustomerId: null } ? null : "cus_1").Postings).Sum(p => p.StripeEffect);
            Assert.Equal(stripeNet, mirrored);
        }
        Assert.All(transactions.SelectMany(t => Map(t).Postings), p =>
        {
            Assert.True(p.PreciseAmount > 0);
            Assert.NotEqual(p.Source, p.Destination);
            Assert.True(p.Source == LedgerRole.Stripe || p.Destination == LedgerRole.Stripe);
        });
    }
}
