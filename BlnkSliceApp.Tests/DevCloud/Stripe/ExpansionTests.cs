using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class ExpansionTests : EmulatorTest
{
    [Fact]
    public async Task Expanding_data_source_turns_each_source_into_its_typed_Stripe_object()
    {
        var all = await AllBalanceTransactionsAsync(new BalanceTransactionListOptions { Limit = 100, Expand = ["data.source"] });

        Assert.All(all.Where(t => t.Type is "charge" or "payment"), t => Assert.Equal(t.SourceId, Assert.IsType<Charge>(t.Source).Id));
        Assert.All(all.Where(t => t.Type is "refund" or "payment_refund"), t => Assert.IsType<Refund>(t.Source));
        Assert.All(all.Where(t => t.Type is "payout" or "payout_failure"), t => Assert.IsType<Payout>(t.Source));
        Assert.All(all.Where(t => t.ReportingCategory is "dispute" or "dispute_reversal"), t => Assert.IsType<Dispute>(t.Source));
        Assert.All(all.Where(t => t.ReportingCategory is "other_adjustment" or "fee"), t => Assert.Null(t.SourceId));

        var refund = (Refund)all.First(t => t.Type == "refund").Source;
        Assert.StartsWith("ch_", refund.ChargeId);
    }

    [Fact]
    public async Task Nested_expansion_reaches_the_charge_s_customer()
    {
        var page = await Client().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions
        {
            Limit = 100, Type = "charge", Expand = ["data.source.customer"],
        });

        var withCustomer = page.Data.Select(t => (Charge)t.Source).First(c => c.CustomerId is not null);
        Assert.NotNull(withCustomer.Customer);
        Assert.Equal(withCustomer.CustomerId, withCustomer.Customer.Id);
    }

    [Fact]
    public async Task A_nested_expansion_that_fits_only_some_sources_leaves_the_others_alone()
    {
        var all = await AllBalanceTransactionsAsync(new BalanceTransactionListOptions { Limit = 100, Expand = ["data.source.customer"] });

        Assert.Contains(all, t => t.Source is Charge { Customer: not null });
        Assert.Contains(all, t => t.Source is Refund);
        Assert.Contains(all, t => t.Source is Payout);
    }

    [Fact]
    public async Task Retrieving_one_balance_transaction_expands_its_source()
    {
        var txn = Emulator.Account.BalanceTransactions.First(t => t.Type == "payout");

        var fetched = await Client().V1.BalanceTransactions.GetAsync(txn.Id, new BalanceTransactionGetOptions { Expand = ["source"] });

        var payout = Assert.IsType<Payout>(fetched.Source);
        Assert.Equal(txn.SourceId, payout.Id);
        Assert.Equal(-payout.Amount, fetched.Amount);
    }

    [Fact]
    public async Task Expanding_a_field_that_is_not_expandable_is_refused_with_400()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => Client().V1.BalanceTransactions.ListAsync(
            new BalanceTransactionListOptions { Expand = ["data.currency"] }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Contains("cannot be expanded", error.StripeError.Message);
    }

    [Fact]
    public async Task Disputes_carry_their_balance_transactions_as_whole_objects()
    {
        var disputes = await Client().V1.Disputes.ListAsync();

        var won = Assert.Single(disputes.Data, d => d.Status == "won");
        var lost = Assert.Single(disputes.Data, d => d.Status == "lost");
        Assert.Equal(2, won.BalanceTransactions.Count);
        Assert.Single(lost.BalanceTransactions);
        Assert.Equal(0, won.BalanceTransactions.Sum(t => t.Net));
        Assert.Equal(["dispute", "dispute_reversal"], won.BalanceTransactions.Select(t => t.ReportingCategory));
    }

    [Fact]
    public async Task Every_kind_of_source_comes_out_as_its_typed_Stripe_object_and_a_refund_s_charge_expands()
    {
        var all = await AllBalanceTransactionsAsync(new BalanceTransactionListOptions { Limit = 100, Expand = ["data.source", "data.source.charge"] });
        T SourceOf<T>(string category) where T : class => Assert.IsType<T>(all.First(t => t.ReportingCategory == category).Source);

        var reversal = SourceOf<Refund>("partial_capture_reversal");
        Assert.True(reversal.Charge.AmountCaptured < reversal.Charge.Amount);
        Assert.Equal(reversal.Charge.Amount - reversal.Charge.AmountCaptured, reversal.Amount);
        Assert.NotNull(reversal.Charge.BalanceTransactionId);
        var failedRefund = SourceOf<Refund>("refund_failure");
        Assert.Equal(("failed", "expired_or_canceled_card"), (failedRefund.Status, failedRefund.FailureReason));
        Assert.NotNull(failedRefund.FailureBalanceTransactionId);
        var failedDebit = SourceOf<Charge>("charge_failure");
        Assert.Equal(("failed", "sepa_debit"), (failedDebit.Status, failedDebit.PaymentMethodDetails.Type));
        Assert.Equal("insufficient_funds", failedDebit.FailureCode);
        Assert.NotNull(SourceOf<Charge>("payment_unreconciled").CustomerId);
        Assert.Equal("reversed", SourceOf<Topup>("topup_reversal").Status);
        Assert.Contains(all, t => t is { ReportingCategory: "topup", Source: Topup { Status: "succeeded" } });
        Assert.StartsWith("acct_", SourceOf<Transfer>("transfer").DestinationId);
        Assert.StartsWith("tr_", SourceOf<TransferReversal>("transfer_reversal").TransferId);
        Assert.StartsWith("ca_", SourceOf<ApplicationFee>("platform_earning").ApplicationId);
        Assert.StartsWith("fee_", SourceOf<ApplicationFeeRefund>("platform_earning_refund").FeeId);
        Assert.NotEmpty(SourceOf<global::Stripe.Issuing.Authorization>("issuing_authorization_hold").BalanceTransactions);
        Assert.Equal("capture", SourceOf<global::Stripe.Issuing.Transaction>("issuing_transaction").Type);
        Assert.Equal("won", SourceOf<global::Stripe.Issuing.Dispute>("issuing_dispute").Status);
        Assert.All(all.Where(t => t.ReportingCategory.StartsWith("issuing_", StringComparison.Ordinal)), t => Assert.Equal("issuing", t.BalanceType));
        Assert.Contains(all, t => t.BalanceType == "refund_and_dispute_prefunding" && t.ReportingCategory == "refund");
    }

    [Fact]
    public async Task Fee_details_list_Stripe_s_fee_tax_on_it_and_application_fees_adding_up_to_the_fee()
    {
        var all = await AllBalanceTransactionsAsync(new BalanceTransactionListOptions { Limit = 100 });

        var taxed = all.First(t => t.FeeDetails.Any(f => f.Type == "tax"));
        var withApplicationFee = all.First(t => t.FeeDetails.Any(f => f.Type == "application_fee"));

        Assert.Equal(["stripe_fee", "tax"], taxed.FeeDetails.Select(f => f.Type));
        Assert.Equal(taxed.Fee, taxed.FeeDetails.Sum(f => f.Amount));
        Assert.Equal("eur", taxed.Currency);
        var applicationFee = withApplicationFee.FeeDetails.Single(f => f.Type == "application_fee");
        Assert.StartsWith("ca_", applicationFee.Application);
        Assert.Equal(withApplicationFee.Fee, withApplicationFee.FeeDetails.Sum(f => f.Amount));
    }
}
