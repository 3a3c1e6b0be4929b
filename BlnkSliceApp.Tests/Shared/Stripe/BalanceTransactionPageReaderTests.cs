using System.Text;
using System.Text.Json;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Mapping;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>Stripe's JSON for a page of balance transactions, read into the app's own type: each kind of source, nulls, order, exactness.</summary>
public sealed class BalanceTransactionPageReaderTests
{
    /// <summary>One page as Stripe sends it with the listing's four expansions, a transaction of each kind of source.</summary>
    internal const string Page = """
        {
          "object": "list",
          "data": [
            {"id": "txn_plain", "object": "balance_transaction", "amount": 1000, "available_on": 1741064767, "balance_type": "payments",
             "created": 1741064767, "currency": "usd", "description": null, "exchange_rate": null, "fee": 59,
             "fee_details": [{"amount": 59, "application": null, "currency": "usd", "description": "Stripe processing fees", "type": "stripe_fee"}],
             "net": 941, "reporting_category": "charge", "source": "ch_plain", "status": "available", "type": "charge"},
            {"id": "txn_charge", "object": "balance_transaction", "amount": 10000, "balance_type": "payments", "created": 1741064768,
             "currency": "usd", "fee": 520, "net": 9480, "reporting_category": "charge", "status": "available", "type": "charge",
             "fee_details": [
               {"amount": 300, "application": null, "currency": "usd", "description": "Stripe processing fees", "type": "stripe_fee"},
               {"amount": 20, "application": null, "currency": "usd", "description": "Tax", "type": "tax"},
               {"amount": 200, "application": "ca_platform", "currency": "usd", "description": "Platform fee", "type": "application_fee"}],
             "source": {"id": "ch_1", "object": "charge", "amount": 10000, "balance_transaction": "txn_charge", "billing_details": {"email": "jane@example.com"},
               "customer": {"id": "cus_1", "object": "customer", "email": "jane@example.com", "name": "Jane Doe", "phone": "+15555550100", "metadata": {}},
               "payment_intent": "pi_1", "refunds": {"object": "list", "data": [], "has_more": false}}},
            {"id": "txn_charge_id", "object": "balance_transaction", "amount": 500, "created": 1741064769, "currency": "jpy", "fee": 0, "net": 500,
             "reporting_category": "charge", "type": "payment", "fee_details": [],
             "source": {"payment_intent": "pi_2", "customer": "cus_2", "balance_transaction": "txn_charge_id", "object": "charge", "id": "py_2"}},
            {"id": "txn_deleted", "object": "balance_transaction", "amount": 700, "created": 1741064770, "currency": "usd", "fee": 0, "net": 700,
             "reporting_category": "charge", "type": "charge", "fee_details": [],
             "source": {"id": "ch_3", "object": "charge", "customer": {"id": "cus_3", "object": "customer", "deleted": true}, "payment_intent": null}},
            {"id": "txn_refund", "object": "balance_transaction", "amount": -2500, "created": 1741064771, "currency": "usd", "fee": 0, "net": -2500,
             "reporting_category": "refund", "type": "refund", "fee_details": [],
             "source": {"id": "re_1", "object": "refund", "balance_transaction": "txn_refund", "payment_intent": null,
               "charge": {"id": "ch_1", "object": "charge", "balance_transaction": "txn_charge", "payment_intent": "pi_1",
                 "customer": {"id": "cus_1", "object": "customer", "email": "jane@example.com", "name": "Jane Doe", "phone": null}}}},
            {"id": "txn_withdrawal", "object": "balance_transaction", "amount": -10000, "created": 1741064772, "currency": "usd", "fee": 1500, "net": -11500,
             "reporting_category": "dispute", "type": "adjustment", "fee_details": [{"amount": 1500, "application": null, "currency": "usd", "description": "Dispute fee", "type": "stripe_fee"}],
             "source": {"id": "dp_1", "object": "dispute", "charge": "ch_1", "payment_intent": "pi_1", "amount": 10000,
               "balance_transactions": [
                 {"id": "txn_withdrawal", "object": "balance_transaction", "amount": -10000, "currency": "usd", "fee": 1500, "net": -11500,
                  "fee_details": [{"amount": 1500, "application": null, "currency": "usd", "description": "Dispute fee", "type": "stripe_fee"}],
                  "reporting_category": "dispute", "source": "dp_1", "type": "adjustment"},
                 {"id": "txn_reversal", "object": "balance_transaction", "amount": 10000, "currency": "usd", "fee": -1500, "net": 11500,
                  "fee_details": [], "reporting_category": "dispute_reversal", "source": "dp_1", "type": "adjustment"}],
               "evidence_details": {"due_by": null, "has_evidence": true, "past_due": false, "submission_count": 1}, "status": "won"}},
            {"id": "txn_payout", "object": "balance_transaction", "amount": -80000, "created": 1741064773, "currency": "usd", "fee": 0, "net": -80000,
             "reporting_category": "payout", "type": "payout", "fee_details": [],
             "source": {"id": "po_1", "object": "payout", "amount": 80000, "arrival_date": 1741219200, "automatic": true,
               "balance_transaction": "txn_payout", "created": 1741064773, "currency": "usd", "destination": "ba_1",
               "failure_balance_transaction": null, "failure_code": null, "failure_message": null, "method": "standard",
               "reconciliation_status": "completed", "status": "paid", "trace_id": {"status": "supported", "value": "TRACE123"}, "type": "bank_account"}},
            {"id": "txn_intent", "object": "balance_transaction", "amount": 300, "created": 1741064774, "currency": "usd", "fee": 0, "net": 300,
             "reporting_category": "charge", "type": "payment", "fee_details": [],
             "source": {"id": "pi_9", "object": "payment_intent", "customer": {"id": "cus_9", "object": "customer", "email": null, "name": "Pat", "phone": null}}},
            {"id": "txn_topup", "object": "balance_transaction", "amount": 5000, "created": 1741064775, "currency": "usd", "fee": 0, "net": 5000,
             "reporting_category": "topup", "type": "topup", "fee_details": [],
             "source": {"id": "tu_1", "object": "topup", "amount": 5000, "status": "succeeded"}},
            {"id": "txn_unknown", "object": "balance_transaction", "amount": 250, "created": 1741064776, "currency": "usd", "fee": 0, "net": 250,
             "reporting_category": "brand_new_category", "type": "brand_new_type", "fee_details": [],
             "source": {"id": "bnt_1", "object": "brand_new_thing", "amount": 12.5, "customer": {"unexpected": [1, 2]}, "charge": 7,
               "balance_transactions": "none", "status": {"nested": true}}}
          ],
          "has_more": true,
          "url": "/v1/balance_transactions"
        }
        """;

    static StripePage<StripeBalanceTransaction> Read(string json) => BalanceTransactionPageReader.Read(Encoding.UTF8.GetBytes(json));

    static StripeBalanceTransaction One(string id) => Read(Page).Items.Single(t => t.Id == id);

    [Fact]
    public void A_page_keeps_Stripe_s_order_and_its_has_more()
    {
        var page = Read(Page);

        Assert.True(page.HasMore);
        Assert.Equal(["txn_plain", "txn_charge", "txn_charge_id", "txn_deleted", "txn_refund", "txn_withdrawal", "txn_payout", "txn_intent", "txn_topup", "txn_unknown"],
            page.Items.Select(t => t.Id));
    }

    [Fact]
    public void The_reader_reads_every_field_the_sync_uses_as_Stripe_net_read_it()
    {
        var expected = StripeNetReading.Page(Page);

        Assert.Equal(StripeNetReading.Described(expected), StripeNetReading.Described(Read(Page).Items));
    }

    [Fact]
    public void A_transaction_keeps_its_amounts_currency_category_type_and_time()
    {
        var plain = One("txn_plain");

        Assert.Equal((1000L, 59L, 941L), (plain.Amount, plain.Fee, plain.Net));
        Assert.Equal("usd", plain.Currency);
        Assert.Equal(("charge", "charge", "payments"), (plain.ReportingCategory, plain.Type, plain.BalanceType));
        Assert.Equal(1741064767, plain.Created);
        Assert.Null(plain.Description);
    }

    [Fact]
    public void A_source_given_as_an_id_is_its_id_alone()
    {
        var plain = One("txn_plain");

        Assert.Equal("ch_plain", plain.SourceId);
        Assert.Null(plain.Source);
        Assert.Equal(new SourceRefs("ch_plain", "ch_plain", null, null), BalanceTransactionMapper.RefsOf(plain));
    }

    [Fact]
    public void A_charge_with_its_customer_expanded_names_the_customer_with_its_details_and_its_pay_in()
    {
        var charge = Assert.IsType<StripeSourceCharge>(One("txn_charge").Source);

        Assert.Equal("ch_1", charge.Id);
        Assert.Equal("cus_1", charge.CustomerId);
        Assert.Equal(new StripeCustomerInfo("cus_1", "jane@example.com", "Jane Doe", "+15555550100", Deleted: false), charge.Customer);
        Assert.Equal("pi_1", charge.PaymentIntentId);
        Assert.Equal("txn_charge", charge.BalanceTransactionId);
    }

    [Fact]
    public void A_charge_whose_customer_is_an_id_names_the_customer_without_details_whatever_the_order_of_its_fields()
    {
        var transaction = One("txn_charge_id");
        var charge = Assert.IsType<StripeSourceCharge>(transaction.Source);

        Assert.Equal(("py_2", "cus_2", "pi_2"), (charge.Id, charge.CustomerId, charge.PaymentIntentId));
        Assert.Null(charge.Customer);
        Assert.Empty(transaction.FeeDetails);
    }

    [Fact]
    public void An_expanded_deleted_customer_is_its_id_and_deleted()
    {
        var charge = Assert.IsType<StripeSourceCharge>(One("txn_deleted").Source);

        Assert.Equal(new StripeCustomerInfo("cus_3", null, null, null, Deleted: true), charge.Customer);
        Assert.Null(charge.PaymentIntentId);
    }

    [Fact]
    public void A_refund_with_its_charge_expanded_reaches_the_charge_s_customer_and_pay_in()
    {
        var refund = Assert.IsType<StripeSourceRefund>(One("txn_refund").Source);

        Assert.Equal(("re_1", "ch_1", "txn_refund"), (refund.Id, refund.ChargeId, refund.BalanceTransactionId));
        Assert.Null(refund.PaymentIntentId);
        Assert.Equal(("cus_1", "pi_1", "txn_charge"), (refund.Charge!.CustomerId, refund.Charge.PaymentIntentId, refund.Charge.BalanceTransactionId));
        Assert.Equal("Jane Doe", refund.Charge.Customer!.Name);
    }

    [Fact]
    public void A_dispute_names_its_charge_and_the_balance_transactions_it_embeds()
    {
        var dispute = Assert.IsType<StripeSourceDispute>(One("txn_withdrawal").Source);

        Assert.Equal(("dp_1", "ch_1", "pi_1"), (dispute.Id, dispute.ChargeId, dispute.PaymentIntentId));
        Assert.Null(dispute.Charge);
        Assert.Equal([new StripeDisputeTransaction("txn_withdrawal", "dispute"), new StripeDisputeTransaction("txn_reversal", "dispute_reversal")], dispute.BalanceTransactions);
    }

    [Fact]
    public void A_payout_source_carries_what_the_payout_store_keeps()
    {
        var payout = Assert.IsType<StripeSourcePayout>(One("txn_payout").Source);

        Assert.Equal(new StripeSourcePayout
        {
            Id = "po_1", Amount = 80000, Currency = "usd", Created = 1741064773, ArrivalDate = 1741219200, Automatic = true,
            Status = "paid", ReconciliationStatus = "completed", TraceIdStatus = "supported", TraceId = "TRACE123",
            BalanceTransactionId = "txn_payout",
        }, payout);
    }

    [Fact]
    public void A_payment_intent_source_is_its_id_alone_as_Stripe_net_gave_it()
    {
        var intent = One("txn_intent");

        Assert.Equal(("pi_9", null), (intent.SourceId, intent.Source));
        Assert.Empty(BlnkSliceApp.Shared.Sync.Customers.CustomerRefresh.ExpandedIn([intent]));
    }

    [Fact]
    public void Fee_details_keep_their_type_amount_and_application()
    {
        Assert.Equal([new StripeFeeDetail("stripe_fee", 300), new StripeFeeDetail("tax", 20), new StripeFeeDetail("application_fee", 200, "ca_platform")],
            One("txn_charge").FeeDetails);
    }

    [Fact]
    public void A_source_of_a_kind_the_sync_does_not_read_is_its_id_alone_and_maps_as_before()
    {
        var topup = One("txn_topup");
        var unknown = One("txn_unknown");

        Assert.Equal(("tu_1", null), (topup.SourceId, topup.Source));
        Assert.Equal(("bnt_1", null), (unknown.SourceId, unknown.Source));
        Assert.Equal(new SourceRefs("bnt_1", null, null, null), BalanceTransactionMapper.RefsOf(unknown));
        var mapped = BalanceTransactionMapper.Map(unknown, BalanceTransactionMapper.RefsOf(unknown), null, "acct_1");
        Assert.True(mapped.Unmapped);
        Assert.Equal("Stripe brand new category txn_unknown (unmapped category)", Assert.Single(mapped.Postings).Description);
    }

    [Fact]
    public void Null_and_missing_fields_read_as_nothing_and_zero()
    {
        var page = Read("""
            {"has_more": false, "data": [
              {"id": "txn_sparse", "amount": 500, "currency": "usd", "fee": null, "fee_details": null, "reporting_category": null,
               "type": null, "source": null, "description": null, "balance_type": null, "created": null}
            ]}
            """);

        var sparse = Assert.Single(page.Items);
        Assert.False(page.HasMore);
        Assert.Equal((500L, 0L, 0L, 0L), (sparse.Amount, sparse.Fee, sparse.Net, sparse.Created));
        Assert.Empty(sparse.FeeDetails);
        Assert.Null(sparse.ReportingCategory);
        Assert.Null(sparse.Type);
        Assert.Null(sparse.BalanceType);
        Assert.Null(sparse.SourceId);
        Assert.Null(sparse.Source);
        Assert.Equal(MappingRules.UnknownCategory, BalanceTransactionMapper.CategoryOf(sparse));
    }

    [Fact]
    public async Task A_large_body_that_arrives_in_pieces_of_unknown_length_reads_as_a_whole()
    {
        // Larger than the first buffer the reader takes for a body of unknown length (256 KB).
        var items = Enumerable.Range(0, 2_000).Select(i =>
            $$"""{"id": "txn_{{i}}", "amount": {{i}}, "currency": "usd", "description": "{{new string('x', 200)}}", "source": "ch_{{i}}"}""");
        var json = $$"""{"object": "list", "data": [{{string.Join(",", items)}}], "has_more": true}""";
        await using var body = new Trickle(Encoding.UTF8.GetBytes(json));

        var page = await BalanceTransactionPageReader.ReadAsync(body, CancellationToken.None);

        Assert.Equal(2_000, page.Items.Count);
        Assert.Equal(("txn_1999", 1999L, "ch_1999"), (page.Items[^1].Id, page.Items[^1].Amount, page.Items[^1].SourceId));
        Assert.True(page.HasMore);
    }

    /// <summary>A stream that cannot seek and gives a few KB a read, as a body read from the network.</summary>
    sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => base.ReadAsync(buffer[..Math.Min(4096, buffer.Length)], ct);
    }

    [Fact]
    public void An_empty_page_has_no_items()
    {
        var page = Read("""{"object": "list", "data": [], "has_more": false, "url": "/v1/balance_transactions"}""");

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void Amounts_past_what_a_double_holds_exactly_stay_exact()
    {
        var page = Read("""{"data": [{"id": "txn_big", "currency": "idr", "amount": 9007199254740993, "fee": 1, "net": 9007199254740992}], "has_more": false}""");

        Assert.Equal(9007199254740993L, page.Items[0].Amount);
        Assert.Equal(9007199254740992L, page.Items[0].Net);
    }

    [Theory]
    [InlineData("""{"data": [{"id": "txn_1", "currency": "usd", "amount": 10.5}], "has_more": false}""")]
    [InlineData("""{"data": [{"id": "txn_1", "currency": "usd", "amount": "1000"}], "has_more": false}""")]
    [InlineData("""{"data": [{"id": "txn_1", "currency": "usd", "amount": 99999999999999999999}], "has_more": false}""")]
    [InlineData("""{"data": [{"currency": "usd", "amount": 1}], "has_more": false}""")]
    [InlineData("""{"data": [{"id": "txn_1", "amount": 1}], "has_more": false}""")]
    [InlineData("""{"data": [{"id": "txn_1", "currency": "usd", "source": {"id": "po_1", "object": "payout", "amount": 1.5}}], "has_more": false}""")]
    [InlineData("""{"data": [{"id": "txn_1", "currency": "usd", "amount": 1""")]
    [InlineData("""<html>Bad gateway</html>""")]
    public void An_answer_that_is_not_a_readable_page_is_refused_rather_than_guessed(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }
}
