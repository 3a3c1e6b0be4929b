using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Mapping;

namespace BlnkSliceApp.Tests.Shared.Sync.Mapping;

public sealed class BalanceTransactionMapperTests
{
    const string Account = "acct_1TestAccount";
    static readonly long Created = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>A balance transaction as the listing reads it; <paramref name="sourceId"/> alone is a source not expanded, or of a kind the sync does not read.</summary>
    static StripeBalanceTransaction Txn(string category, long amount, long fee = 0, string currency = "usd", StripeSource? source = null,
        string? type = null, string id = "txn_1", string? balanceType = null, List<StripeFeeDetail>? fees = null, string? sourceId = null) => new()
    {
        Id = id,
        Amount = amount,
        Fee = fee,
        Net = amount - fee,
        Currency = currency,
        ReportingCategory = category,
        Type = type ?? category,
        Created = Created,
        SourceId = sourceId ?? source?.Id,
        Source = source,
        BalanceType = balanceType ?? "payments",
        FeeDetails = fees ?? [],
    };

    static StripeFeeDetail FeeDetail(string type, long amount, string? application = null) => new(type, amount, application);

    static MappedTransaction Map(StripeBalanceTransaction txn, string? customerId = "cus_1") =>
        BalanceTransactionMapper.Map(txn, BalanceTransactionMapper.RefsOf(txn), customerId, Account);

    static (LedgerRole, LedgerRole, long) Leg(PlannedPosting p) => (p.Source, p.Destination, p.PreciseAmount);

    static string? Ours(PlannedPosting posting, string key) => (string?)posting.MetaData["stripe_sync"]![key];

    /// <summary>A refund whose charge the listing expanded: its customer and pay-in are known.</summary>
    static StripeSourceRefund RefundOf(string chargeTxn = "txn_charge", string refundTxn = "txn_refund") => new()
    {
        Id = "re_1", BalanceTransactionId = refundTxn,
        ChargeId = "ch_1", Charge = new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1", PaymentIntentId = "pi_1", BalanceTransactionId = chargeTxn },
    };

    // ---- customers' money ----

    [Fact]
    public void A_pay_in_moves_the_gross_from_stripe_to_the_customer_and_the_fee_from_fees_to_stripe()
    {
        var mapped = Map(Txn("charge", 10_000, 320, source: new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1", PaymentIntentId = "pi_1", BalanceTransactionId = "txn_1" }));

        Assert.Equal(2, mapped.Postings.Count);
        var (amount, fee) = (mapped.Postings[0], mapped.Postings[1]);
        Assert.Equal("stripe:txn_1", amount.Reference);
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 10_000L), Leg(amount));
        Assert.Equal("stripe:txn_1:fee", fee.Reference);
        Assert.Equal((LedgerRole.Fees, LedgerRole.Stripe, 320L), Leg(fee));
        Assert.Equal("Stripe pay-in ch_1 for customer cus_1", amount.Description);
        Assert.Equal("Stripe fee for pay-in ch_1 for customer cus_1", fee.Description);
        Assert.Equal("USD", amount.Currency);
        Assert.Equal(100, amount.Precision);
        Assert.False(mapped.Unmapped);
        Assert.Equal("cus_1", mapped.CustomerId);
        Assert.Null(Ours(amount, "parent_reference"));
        Assert.Equal(Created, mapped.Created);
    }

    [Fact]
    public void A_pay_in_without_a_customer_goes_to_unattributed()
    {
        var mapped = Map(Txn("charge", 5_000, 175, source: new StripeSourceCharge { Id = "ch_guest" }), customerId: null);

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Unattributed, 5_000L), Leg(mapped.Postings[0]));
        Assert.Equal("Stripe pay-in ch_guest (no customer)", mapped.Postings[0].Description);
        Assert.Null(mapped.CustomerId);
    }

    [Fact]
    public void A_non_card_payment_is_a_pay_in_too()
    {
        var mapped = Map(Txn("charge", 2_000, 35, type: "payment", source: new StripeSourceCharge { Id = "py_1", CustomerId = "cus_1" }));

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 2_000L), Leg(mapped.Postings[0]));
    }

    [Fact]
    public void A_refund_moves_money_from_the_customer_back_to_stripe_with_the_pay_in_as_parent()
    {
        var mapped = Map(Txn("refund", -2_500, source: RefundOf()));

        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Customer, LedgerRole.Stripe, 2_500L), Leg(posting));
        Assert.Equal("Stripe refund re_1 for customer cus_1", posting.Description);
        Assert.Equal("stripe:txn_charge", Ours(posting, "parent_reference"));
        Assert.Equal("ch_1", Ours(posting, "charge_id"));
    }

    [Fact]
    public void A_partial_capture_reversal_takes_the_released_part_from_the_customer_with_the_pay_in_as_parent()
    {
        // 100.00 authorised, 60.00 captured: Stripe books the released 40.00 as its own balance transaction.
        var mapped = Map(Txn("partial_capture_reversal", -4_000, type: "refund", source: RefundOf()));

        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Customer, LedgerRole.Stripe, 4_000L), Leg(posting));
        Assert.False(mapped.Unmapped);
        Assert.Equal("stripe:txn_charge", Ours(posting, "parent_reference"));
        Assert.Equal("Stripe uncaptured part released re_1 for customer cus_1", posting.Description);
    }

    [Fact]
    public void A_failed_refund_gives_the_customer_the_money_back_with_the_refund_as_parent()
    {
        var mapped = Map(Txn("refund_failure", 1_000, type: "adjustment", source: RefundOf(refundTxn: "txn_the_refund")));

        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 1_000L), Leg(posting));
        Assert.False(mapped.Unmapped);
        Assert.Equal("stripe:txn_the_refund", Ours(posting, "parent_reference"));
    }

    [Fact]
    public void A_failed_bank_debit_takes_the_payment_back_from_the_customer_with_the_pay_in_as_parent()
    {
        var debit = new StripeSourceCharge { Id = "py_1", CustomerId = "cus_1", PaymentIntentId = "pi_1", BalanceTransactionId = "txn_payment" };

        var mapped = Map(Txn("charge_failure", -7_500, type: "payment_failure_refund", source: debit, id: "txn_failure"));

        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Customer, LedgerRole.Stripe, 7_500L), Leg(posting));
        Assert.Equal("cus_1", mapped.CustomerId);
        Assert.Equal("stripe:txn_payment", Ours(posting, "parent_reference"));
    }

    [Fact]
    public void A_dispute_withdrawal_takes_from_the_customer_and_its_fee_goes_to_fees()
    {
        var dispute = new StripeSourceDispute { Id = "dp_1", ChargeId = "ch_1", Charge = new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1", BalanceTransactionId = "txn_charge" } };

        var mapped = Map(Txn("dispute", -10_000, 1_500, type: "adjustment", source: dispute));

        Assert.Equal((LedgerRole.Customer, LedgerRole.Stripe, 10_000L), Leg(mapped.Postings[0]));
        Assert.Equal((LedgerRole.Fees, LedgerRole.Stripe, 1_500L), Leg(mapped.Postings[1]));
        Assert.Contains("dispute withdrawal dp_1", mapped.Postings[0].Description);
        Assert.Equal("stripe:txn_charge", Ours(mapped.Postings[0], "parent_reference"));
    }

    [Fact]
    public void A_won_dispute_returns_the_money_to_the_customer_with_the_withdrawal_as_parent()
    {
        var dispute = new StripeSourceDispute
        {
            Id = "dp_1", ChargeId = "ch_1", Charge = new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1", BalanceTransactionId = "txn_charge" },
            BalanceTransactions = [new StripeDisputeTransaction("txn_withdrawal", "dispute"), new StripeDisputeTransaction("txn_1", "dispute_reversal")],
        };

        var mapped = Map(Txn("dispute_reversal", 10_000, -1_500, type: "adjustment", source: dispute));

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 10_000L), Leg(mapped.Postings[0]));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Fees, 1_500L), Leg(mapped.Postings[1]));
        Assert.StartsWith("Stripe fee refund for", mapped.Postings[1].Description);
        Assert.Equal("stripe:txn_withdrawal", Ours(mapped.Postings[0], "parent_reference"));
    }

    [Fact]
    public void Unreconciled_payment_funds_with_a_charge_behind_them_are_the_customer_s_and_without_one_are_unattributed()
    {
        var withCharge = Map(Txn("payment_unreconciled", 3_000, type: "payment_unreconciled",
            source: new StripeSourceCharge { Id = "py_1", CustomerId = "cus_1", BalanceTransactionId = "txn_payment" }));
        var without = Map(Txn("payment_unreconciled", 3_000, type: "payment_unreconciled"), customerId: null);

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 3_000L), Leg(Assert.Single(withCharge.Postings)));
        Assert.Equal("stripe:txn_payment", Ours(withCharge.Postings[0], "parent_reference"));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Unattributed, 3_000L), Leg(Assert.Single(without.Postings)));
        Assert.False(without.Unmapped);
    }

    [Fact]
    public void A_negative_charge_and_a_positive_refund_reverse_their_rows()
    {
        var charge = Map(Txn("charge", -300, -20, source: new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1" }));
        var refund = Map(Txn("refund", 400, source: new StripeSourceRefund { Id = "re_1", ChargeId = "ch_1" }));

        Assert.Equal((LedgerRole.Customer, LedgerRole.Stripe, 300L), Leg(charge.Postings[0]));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Fees, 20L), Leg(charge.Postings[1]));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 400L), Leg(Assert.Single(refund.Postings)));
    }

    // ---- the merchant's own money ----

    [Fact]
    public void A_payout_moves_from_payouts_to_stripe()
    {
        var mapped = Map(Txn("payout", -80_000, source: new StripeSourcePayout { Id = "po_1" }), customerId: null);

        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Payouts, LedgerRole.Stripe, 80_000L), Leg(posting));
        Assert.Equal("Stripe payout po_1", posting.Description);
    }

    [Fact]
    public void A_failed_payout_comes_back_from_stripe_to_payouts()
    {
        var mapped = Map(Txn("payout_reversal", 80_000, type: "payout_failure", source: new StripeSourcePayout { Id = "po_1" }), customerId: null);

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Payouts, 80_000L), Leg(Assert.Single(mapped.Postings)));
        Assert.False(mapped.Unmapped);
    }

    [Fact]
    public void A_stripe_billing_fee_is_a_fee_not_an_unmapped_adjustment()
    {
        var mapped = Map(new StripeBalanceTransaction
        {
            Id = "txn_fee", Amount = -1_200, Currency = "usd", ReportingCategory = "fee", Type = "stripe_fee",
            Created = Created, Description = "Billing - Radar (monthly)",
        }, customerId: null);

        Assert.False(mapped.Unmapped);
        var posting = Assert.Single(mapped.Postings);
        Assert.Equal((LedgerRole.Fees, LedgerRole.Stripe, 1_200L), Leg(posting));
        Assert.Equal("Stripe fee txn_fee: Billing - Radar (monthly)", posting.Description);
    }

    [Fact]
    public void A_top_up_and_its_reversal_move_between_stripe_and_top_ups()
    {
        var topup = Map(Txn("topup", 50_000, sourceId: "tu_1"), customerId: null);
        var reversal = Map(Txn("topup_reversal", -50_000, sourceId: "tu_1", id: "txn_2"), customerId: null);

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Topups, 50_000L), Leg(Assert.Single(topup.Postings)));
        Assert.Equal((LedgerRole.Topups, LedgerRole.Stripe, 50_000L), Leg(Assert.Single(reversal.Postings)));
        Assert.Equal("Stripe top-up tu_1", topup.Postings[0].Description);
    }

    [Fact]
    public void Connect_transfers_their_reversals_and_platform_earnings_go_to_connect()
    {
        var transfer = Map(Txn("transfer", -20_000, sourceId: "tr_1"), customerId: null);
        var reversal = Map(Txn("transfer_reversal", 5_000, type: "transfer_refund", sourceId: "trr_1"), customerId: null);
        var earning = Map(Txn("platform_earning", 300, type: "application_fee", sourceId: "fee_1"), customerId: null);
        var earningRefund = Map(Txn("platform_earning_refund", -100, type: "application_fee_refund", sourceId: "fr_1"), customerId: null);

        Assert.Equal((LedgerRole.Connect, LedgerRole.Stripe, 20_000L), Leg(Assert.Single(transfer.Postings)));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Connect, 5_000L), Leg(Assert.Single(reversal.Postings)));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Connect, 300L), Leg(Assert.Single(earning.Postings)));
        Assert.Equal((LedgerRole.Connect, LedgerRole.Stripe, 100L), Leg(Assert.Single(earningRefund.Postings)));
    }

    [Fact]
    public void Issuing_spending_moves_the_issuing_balance_mirror_not_stripe()
    {
        var hold = Map(Txn("issuing_authorization_hold", -2_500, balanceType: "issuing", sourceId: "iauth_1"), customerId: null);
        var release = Map(Txn("issuing_authorization_release", 2_500, balanceType: "issuing", id: "txn_2"), customerId: null);
        var capture = Map(Txn("issuing_transaction", -2_400, balanceType: "issuing", sourceId: "ipi_1", id: "txn_3"), customerId: null);

        Assert.Equal((LedgerRole.Issuing, LedgerRole.StripeIssuing, 2_500L), Leg(Assert.Single(hold.Postings)));
        Assert.Equal((LedgerRole.StripeIssuing, LedgerRole.Issuing, 2_500L), Leg(Assert.Single(release.Postings)));
        Assert.Equal((LedgerRole.Issuing, LedgerRole.StripeIssuing, 2_400L), Leg(Assert.Single(capture.Postings)));
        Assert.Equal("issuing", capture.Postings[0].BalanceType);
        Assert.Equal("issuing", Ours(capture.Postings[0], "balance_type"));
    }

    [Fact]
    public void A_refund_paid_from_the_prefunding_balance_moves_the_customer_and_the_prefunding_mirror()
    {
        var mapped = Map(Txn("refund", -1_500, balanceType: "refund_and_dispute_prefunding", source: RefundOf()));

        Assert.Equal((LedgerRole.Customer, LedgerRole.StripePrefunding, 1_500L), Leg(Assert.Single(mapped.Postings)));
        Assert.Equal(-1_500, mapped.Postings[0].StripeEffect);
    }

    [Fact]
    public void Tax_and_reserves_go_to_their_own_balances()
    {
        var tax = Map(Txn("tax", -900, type: "tax_fund"), customerId: null);
        var reserve = Map(Txn("risk_reserved_funds", -10_000, type: "reserve_hold"), customerId: null);
        var connectReserve = Map(Txn("connect_reserved_funds", -4_000, type: "reserve_transaction"), customerId: null);

        Assert.Equal((LedgerRole.Tax, LedgerRole.Stripe, 900L), Leg(Assert.Single(tax.Postings)));
        Assert.Equal((LedgerRole.Reserves, LedgerRole.Stripe, 10_000L), Leg(Assert.Single(reserve.Postings)));
        Assert.Equal((LedgerRole.Connect, LedgerRole.Stripe, 4_000L), Leg(Assert.Single(connectReserve.Postings)));
    }

    [Fact]
    public void A_category_without_a_rule_goes_between_stripe_and_other_by_sign_and_is_marked_unmapped()
    {
        var credit = Map(Txn("brand_new_category", 2_500, type: "adjustment"), customerId: null);
        var debit = Map(Txn("another_new_one", -700, type: "another_new_one"), customerId: null);

        Assert.True(credit.Unmapped);
        Assert.True(debit.Unmapped);
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Other, 2_500L), Leg(Assert.Single(credit.Postings)));
        Assert.Equal((LedgerRole.Other, LedgerRole.Stripe, 700L), Leg(Assert.Single(debit.Postings)));
        Assert.Contains("unmapped", credit.Postings[0].Description);
    }

    [Fact]
    public void A_manual_adjustment_by_Stripe_has_a_rule_that_posts_it_to_other_and_asks_for_a_review()
    {
        var mapped = Map(Txn("other_adjustment", 2_500, type: "adjustment"), customerId: null);

        Assert.NotNull(MappingRules.For("other_adjustment"));
        Assert.True(mapped.Unmapped);
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Other, 2_500L), Leg(Assert.Single(mapped.Postings)));
    }

    [Fact]
    public void A_balance_type_Stripe_has_not_documented_stays_on_the_payments_mirror_and_is_alerted()
    {
        var mapped = Map(Txn("charge", 1_000, balanceType: "some_new_balance", source: new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1" }));

        Assert.True(mapped.Unmapped);
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Customer, 1_000L), Leg(Assert.Single(mapped.Postings)));
    }

    // ---- the table itself ----

    public static TheoryData<string> EveryCategory() => new(MappingRules.Categories.Select(rule => rule.Category));

    [Theory, MemberData(nameof(EveryCategory))]
    public void Every_documented_category_moves_its_amount_to_the_counterparty_of_its_rule_and_back(string category)
    {
        var rule = MappingRules.For(category)!;
        var expected = rule.Counterparty;

        var credit = Map(Txn(category, 1_000, id: "txn_in"));
        var debit = Map(Txn(category, -1_000, id: "txn_out"));

        Assert.Equal((LedgerRole.Stripe, expected, 1_000L), Leg(Assert.Single(credit.Postings)));
        Assert.Equal((expected, LedgerRole.Stripe, 1_000L), Leg(Assert.Single(debit.Postings)));
        Assert.Equal(rule.NeedsReview, credit.Unmapped);
        Assert.Equal(category, credit.ReportingCategory);
        Assert.Equal(category, Ours(credit.Postings[0], "reporting_category"));
    }

    public static TheoryData<string> EveryType() => new(MappingRules.CategoryOfType.Keys);

    [Theory, MemberData(nameof(EveryType))]
    public void Every_documented_type_without_a_reporting_category_falls_back_to_a_category_with_a_rule(string type)
    {
        var txn = Txn("", 1_000, type: type) with { ReportingCategory = null };

        var mapped = Map(txn);

        Assert.NotNull(MappingRules.For(mapped.ReportingCategory));
        Assert.Equal(MappingRules.CategoryOfType[type], mapped.ReportingCategory);
    }

    [Fact]
    public void Every_category_of_the_table_has_its_line_in_the_README_mapping_table()
    {
        var readme = System.IO.File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var table = readme[readme.IndexOf("<!-- mapping-table -->", StringComparison.Ordinal)..readme.IndexOf("<!-- /mapping-table -->", StringComparison.Ordinal)];

        Assert.All(MappingRules.Categories, rule => Assert.Contains($"`{rule.Category}`", table));
        Assert.All(MappingRules.Fees, fee => Assert.Contains($"`{fee.FeeType}`", table));
    }

    // ---- fees ----

    [Fact]
    public void Fee_details_become_one_posting_per_fee_type_each_to_its_own_balance_with_its_own_reference()
    {
        var mapped = Map(Txn("charge", 10_000, 520, source: new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1" }, fees:
        [
            FeeDetail("stripe_fee", 320), FeeDetail("tax", 64), FeeDetail("application_fee", 100, "ca_platform"), FeeDetail("stripe_fee", 36),
        ]));

        Assert.Equal(["stripe:txn_1", "stripe:txn_1:fee", "stripe:txn_1:fee:tax", "stripe:txn_1:fee:application_fee"], mapped.Postings.Select(p => p.Reference));
        Assert.Equal((LedgerRole.Fees, LedgerRole.Stripe, 356L), Leg(mapped.Postings[1]));
        Assert.Equal((LedgerRole.Tax, LedgerRole.Stripe, 64L), Leg(mapped.Postings[2]));
        Assert.Equal((LedgerRole.ApplicationFees, LedgerRole.Stripe, 100L), Leg(mapped.Postings[3]));
        Assert.Equal(["", "fee", "fee:tax", "fee:application_fee"], mapped.Postings.Select(p => p.Part));
        Assert.Equal("ca_platform", Ours(mapped.Postings[3], "application_id"));
        Assert.Equal("tax", Ours(mapped.Postings[2], "fee_type"));
        Assert.Equal("Tax on Stripe fees for pay-in ch_1 for customer cus_1", mapped.Postings[2].Description);
        Assert.Equal(10_000 - 520, mapped.Postings.Sum(p => p.StripeEffect));
    }

    [Fact]
    public void A_fee_without_details_and_any_part_the_details_leave_unexplained_is_stripe_s_fee()
    {
        var plain = Map(Txn("charge", 1_000, 59, source: new StripeSourceCharge { Id = "ch_1" }));
        var partly = Map(Txn("charge", 1_000, 80, source: new StripeSourceCharge { Id = "ch_1" }, fees: [FeeDetail("tax", 10)]));

        Assert.Equal(("stripe:txn_1:fee", 59L), (plain.Postings[1].Reference, plain.Postings[1].PreciseAmount));
        Assert.Equal(("stripe:txn_1:fee", 70L), (partly.Postings[1].Reference, partly.Postings[1].PreciseAmount));
        Assert.Equal(("stripe:txn_1:fee:tax", 10L), (partly.Postings[2].Reference, partly.Postings[2].PreciseAmount));
    }

    [Fact]
    public void A_refunded_fee_part_returns_to_stripe_and_an_unknown_fee_type_is_a_fee_under_its_own_reference()
    {
        var mapped = Map(Txn("dispute_reversal", 5_000, -1_700, source: new StripeSourceDispute { Id = "dp_1" }, fees:
            [FeeDetail("stripe_fee", -1_500), FeeDetail("tax", -150), FeeDetail("future_fee", -50)]));

        Assert.Equal((LedgerRole.Stripe, LedgerRole.Fees, 1_500L), Leg(mapped.Postings[1]));
        Assert.Equal((LedgerRole.Stripe, LedgerRole.Tax, 150L), Leg(mapped.Postings[2]));
        Assert.Equal(("stripe:txn_1:fee:future_fee", LedgerRole.Fees), (mapped.Postings[3].Reference, mapped.Postings[3].Destination));
        Assert.StartsWith("Tax on Stripe fees refund for", mapped.Postings[2].Description);
    }

    [Fact]
    public void Every_reference_a_transaction_may_have_been_recorded_under_is_known_for_the_look_up()
    {
        var txn = Txn("charge", 1_000, 80, fees: [FeeDetail("stripe_fee", 60), FeeDetail("tax", 10), FeeDetail("application_fee", 10)]);

        Assert.Equal(["stripe:txn_1", "stripe:txn_1:fee", "stripe:txn_1:fee:tax", "stripe:txn_1:fee:application_fee"], BalanceTransactionMapper.ReferencesOf(txn));
    }

    [Fact]
    public void Zero_amounts_and_fees_are_not_posted()
    {
        Assert.Empty(Map(Txn("charge", 0, 0, source: new StripeSourceCharge { Id = "ch_0" })).Postings);
        var feeOnly = Map(Txn("charge", 0, 30, source: new StripeSourceCharge { Id = "ch_0" }));
        Assert.Equal("stripe:txn_1:fee", Assert.Single(feeOnly.Postings).Reference);
        Assert.Equal("stripe:txn_1", Assert.Single(Map(Txn("payout", -10, 0)).Postings).Reference);
    }

    // ---- descriptions, amounts, metadata ----

    [Fact]
    public void Descriptions_name_the_Stripe_customer_id_and_never_an_email_or_a_name()
    {
        var charge = new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1", Customer = new StripeCustomerInfo("cus_1", "jane@example.com", "Jane Doe", null, Deleted: false) };
        var txn = Txn("charge", 1_000, 30, source: charge) with { Description = "Order for Jane Doe, jane@example.com" };
        var adjustment = Txn("other_adjustment", 100, id: "txn_adj") with { Description = "Goodwill credit for Jane Doe, agreed with jane.doe@example.com" };
        var fee = Txn("fee", -500, id: "txn_radar") with { Description = "Billing - Radar (monthly), contact jane\uFF20example.com" };

        var descriptions = Map(txn).Postings.Concat(Map(adjustment, null).Postings).Concat(Map(fee, null).Postings).Select(p => p.Description).ToList();

        Assert.Contains(descriptions, d => d.Contains("cus_1"));
        Assert.All(descriptions, d =>
        {
            Assert.DoesNotContain("@", d);
            Assert.DoesNotContain("\uFF20", d);
            Assert.DoesNotContain("Jane", d);
            Assert.DoesNotContain("jane", d);
        });
        // People write adjustments: their text is never quoted. Stripe's product names are, without anything email-shaped.
        Assert.Contains(descriptions, d => d == "Stripe adjustment txn_adj");
        Assert.Contains(descriptions, d => d.Contains("Billing - Radar (monthly), contact (email removed)"));
    }

    [Theory]
    [InlineData("jpy", "JPY", 1)]
    [InlineData("kwd", "KWD", 1000)]
    [InlineData("isk", "ISK", 100)]
    [InlineData("huf", "HUF", 100)]
    [InlineData("usd", "USD", 100)]
    public void Amounts_keep_Stripe_s_integer_with_the_currency_s_precision(string currency, string upper, long precision)
    {
        var mapped = Map(Txn("charge", 123_450, 4_560, currency, new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1" }));

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
        var mapped = Map(Txn("charge", 1_000, 59, source: new StripeSourceCharge { Id = "ch_9", CustomerId = "cus_1", PaymentIntentId = "pi_9" }));

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
            Assert.Equal("charge", (string?)sync["type"]);
            Assert.Equal("payments", (string?)sync["balance_type"]);
            Assert.Equal(Account, (string?)sync["stripe_account_id"]);
        }
        Assert.NotSame(mapped.Postings[0].MetaData, mapped.Postings[1].MetaData);
    }

    // ---- what the source tells ----

    [Fact]
    public void Refs_come_from_the_expanded_charge()
    {
        var refs = BalanceTransactionMapper.RefsOf(Txn("charge", 1, source: new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1", PaymentIntentId = "pi_1" }));

        Assert.Equal(new SourceRefs("ch_1", "ch_1", "cus_1", "pi_1"), refs);
    }

    [Fact]
    public void A_refund_or_dispute_whose_charge_is_not_expanded_names_its_charge_and_leaves_the_customer_to_a_look_up()
    {
        var refund = BalanceTransactionMapper.RefsOf(Txn("refund", -1, source: new StripeSourceRefund { Id = "re_1", ChargeId = "ch_1", PaymentIntentId = "pi_1" }));
        var dispute = BalanceTransactionMapper.RefsOf(Txn("dispute", -1, source: new StripeSourceDispute { Id = "dp_1", ChargeId = "ch_2", PaymentIntentId = "pi_2" }));

        Assert.Equal(new SourceRefs("re_1", "ch_1", null, "pi_1"), refund);
        Assert.Equal(new SourceRefs("dp_1", "ch_2", null, "pi_2"), dispute);
    }

    [Fact]
    public void A_refund_whose_charge_is_expanded_names_the_customer_and_the_pay_in()
    {
        var refs = BalanceTransactionMapper.RefsOf(Txn("refund", -1, source: RefundOf()));

        Assert.Equal(("ch_1", "cus_1", "txn_charge", "txn_refund"), (refs.ChargeId, refs.CustomerId, refs.ChargeTransactionId, refs.SourceTransactionId));
    }

    [Fact]
    public void A_payout_or_a_source_less_adjustment_has_no_charge_or_customer()
    {
        Assert.Equal(new SourceRefs("po_1", null, null, null), BalanceTransactionMapper.RefsOf(Txn("payout", -1, source: new StripeSourcePayout { Id = "po_1" })));
        Assert.Equal(SourceRefs.None, BalanceTransactionMapper.RefsOf(Txn("other_adjustment", 1)));
    }

    [Fact]
    public void An_unexpanded_charge_source_still_names_the_charge()
    {
        var txn = Txn("charge", 1, sourceId: "ch_plain");

        Assert.Equal(new SourceRefs("ch_plain", "ch_plain", null, null), BalanceTransactionMapper.RefsOf(txn));
    }

    [Fact]
    public void A_description_planned_without_the_customer_names_it_once_it_is_known()
    {
        var mapped = Map(Txn("refund", -100, source: new StripeSourceRefund { Id = "re_1", ChargeId = "ch_1" }), customerId: null);

        Assert.Equal("Stripe refund re_1 for customer cus_9", BalanceTransactionMapper.WithCustomer(mapped.Postings[0].Description, "cus_9"));
    }

    // ---- opening balances ----

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
    public void The_issuing_balance_has_its_own_opening_posting_on_its_own_mirror()
    {
        var posting = BalanceTransactionMapper.OpeningBalance(Account, new StripeBalanceAmount("USD", 5_000, 100, "issuing"), 1_700_000_000);

        Assert.Equal($"stripe:opening:{Account}:issuing:usd", posting.Reference);
        Assert.Equal((LedgerRole.StripeIssuing, LedgerRole.Opening, 5_000L), Leg(posting));
        Assert.Contains("Issuing balance", posting.Description);
    }

    [Fact]
    public void A_zero_opening_balance_is_refused() =>
        Assert.Throws<ArgumentException>(() => BalanceTransactionMapper.OpeningBalance(Account, new StripeBalanceAmount("USD", 0, 100), 1));

    [Fact]
    public void Across_every_kind_and_sign_minus_each_mirror_moves_by_amount_minus_fee()
    {
        var transactions = new[]
        {
            Txn("charge", 10_000, 320, source: new StripeSourceCharge { Id = "ch_1", CustomerId = "cus_1" }, id: "txn_a"),
            Txn("charge", 7_000, 230, source: new StripeSourceCharge { Id = "ch_2" }, id: "txn_b", fees: [FeeDetail("stripe_fee", 200), FeeDetail("tax", 30)]),
            Txn("refund", -2_500, source: new StripeSourceRefund { Id = "re_1", ChargeId = "ch_1" }, id: "txn_c"),
            Txn("refund", 2_500, source: new StripeSourceRefund { Id = "re_2", ChargeId = "ch_1" }, id: "txn_d"),
            Txn("dispute", -7_000, 1_500, source: new StripeSourceDispute { Id = "dp_1", ChargeId = "ch_2" }, id: "txn_e"),
            Txn("dispute_reversal", 7_000, -1_500, source: new StripeSourceDispute { Id = "dp_1", ChargeId = "ch_2" }, id: "txn_f"),
            Txn("payout", -12_000, source: new StripeSourcePayout { Id = "po_1" }, id: "txn_g"),
            Txn("payout_reversal", 12_000, source: new StripeSourcePayout { Id = "po_1" }, id: "txn_h"),
            Txn("fee", -1_200, id: "txn_i"),
            Txn("other_adjustment", 2_500, id: "txn_j"),
            Txn("other_adjustment", -300, 10, id: "txn_k"),
            Txn("charge", 50_000, 1_800, "jpy", new StripeSourceCharge { Id = "ch_3", CustomerId = "cus_2" }, id: "txn_l"),
            Txn("topup", 9_000, id: "txn_m", balanceType: "issuing"),
            Txn("issuing_transaction", -4_000, id: "txn_n", balanceType: "issuing"),
            Txn("partial_capture_reversal", -1_000, source: new StripeSourceRefund { Id = "re_3", ChargeId = "ch_1" }, id: "txn_o"),
            Txn("charge_failure", -700, source: new StripeSourceCharge { Id = "py_1", CustomerId = "cus_1" }, id: "txn_p"),
        };

        foreach (var group in transactions.GroupBy(t => (t.BalanceType, t.Currency.ToUpperInvariant())))
        {
            var stripeNet = group.Sum(t => t.Amount - t.Fee);
            var mirrored = group.SelectMany(t => Map(t, t.Source is StripeSourceCharge { CustomerId: null } ? null : "cus_1").Postings).Sum(p => p.StripeEffect);
            Assert.Equal(stripeNet, mirrored);
        }
        Assert.All(transactions.SelectMany(t => Map(t).Postings), p =>
        {
            Assert.True(p.PreciseAmount > 0);
            Assert.NotEqual(p.Source, p.Destination);
            Assert.True(StripeBalanceTypes.IsMirror(p.Source) ^ StripeBalanceTypes.IsMirror(p.Destination));
        });
    }
}
