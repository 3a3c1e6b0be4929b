using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Shared.Sync.Engine;

/// <summary>
/// The whole seeded account (every category of the rule table) synced into DevCloud: each
/// figure is computed from the emulator's Stripe objects, independently of the app's mapper.
/// </summary>
public sealed class SyncCoverageTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    static readonly string[] CustomerMovements =
        ["charge", "refund", "partial_capture_reversal", "refund_failure", "charge_failure", "dispute", "dispute_reversal", "payment_unreconciled"];

    async Task<(DevCloudInstall Install, SyncRunRecord Run)> SyncWholeAccountAsync()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        var run = await harness.SyncAsync(install);
        Assert.True(run.Status == SyncRunStatus.Succeeded, string.Join("\n", run.Errors));
        return (install, run);
    }

    /// <summary>The customer behind a balance transaction, as Stripe's objects say: the charge's, directly or through a refund or dispute.</summary>
    string? CustomerOf(BalanceTransactionRecord bt)
    {
        var account = harness.DevCloud.Stripe!.Account;
        var chargeId = bt.SourceId is null ? null : account.Find(bt.SourceId) switch
        {
            ChargeRecord charge => charge.Id,
            RefundRecord refund => refund.ChargeId,
            DisputeRecord dispute => dispute.ChargeId,
            _ => null,
        };
        return chargeId is null ? null : ((ChargeRecord)account.Find(chargeId)!).CustomerId;
    }

    Dictionary<(string Customer, string Currency), long> CustomerBalances(DevCloudInstall install) =>
        harness.Ledger(install).Snapshot(DataResource.Balances)
            .Where(b => b["meta_data"]?["stripe_sync"]?["stripe_customer_id"] is not null)
            .ToDictionary(b => ((string)b["meta_data"]!["stripe_sync"]!["stripe_customer_id"]!, (string)b["currency"]!), b => SyncHarness.Number(b["balance"]));

    [Fact]
    public async Task Every_customer_s_balance_equals_the_net_of_their_money_movements_in_Stripe_in_every_currency()
    {
        var (install, _) = await SyncWholeAccountAsync();
        var movements = harness.DevCloud.Stripe!.Account.BalanceTransactions
            .Where(bt => CustomerMovements.Contains(bt.ReportingCategory) || bt.ReportingCategory == "unreconciled_customer_funds")
            .Select(bt => (Txn: bt, Customer: CustomerOf(bt)))
            .ToList();

        // The account has every kind of customer movement, each with a customer behind it.
        Assert.All(CustomerMovements, category => Assert.Contains(movements, m => m.Txn.ReportingCategory == category && m.Customer is not null));
        var expected = movements.Where(m => m.Customer is not null)
            .GroupBy(m => (m.Customer!, m.Txn.Currency.ToUpperInvariant()))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Txn.Amount));
        var ledger = CustomerBalances(install);

        Assert.Equal(expected.Where(p => p.Value != 0).OrderBy(p => p.Key), ledger.Where(p => p.Value != 0).OrderBy(p => p.Key));
        var guests = movements.Where(m => m.Customer is null).GroupBy(m => m.Txn.Currency.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Sum(m => m.Txn.Amount));
        Assert.Equal(guests.Where(p => p.Value != 0).OrderBy(p => p.Key),
            harness.IndicatorBalances(install, "@stripe_unattributed").Where(p => p.Value != 0).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Movements_that_adjust_an_earlier_one_name_it_as_their_parent_and_the_parent_is_in_the_ledger()
    {
        var (install, _) = await SyncWholeAccountAsync();
        var account = harness.DevCloud.Stripe!.Account;
        var byReference = harness.Transactions(install).ToDictionary(t => (string)t["reference"]!);
        string? ParentOf(BalanceTransactionRecord bt) => (string?)byReference[$"stripe:{bt.Id}"]["meta_data"]?["stripe_sync"]?["parent_reference"];
        string PayIn(string chargeId) => $"stripe:{((ChargeRecord)account.Find(chargeId)!).BalanceTransactionId}";

        var checkedCategories = new HashSet<string>();
        foreach (var bt in account.BalanceTransactions)
        {
            var expected = (bt.ReportingCategory, account.Find(bt.SourceId ?? "")) switch
            {
                ("refund" or "partial_capture_reversal", RefundRecord refund) => PayIn(refund.ChargeId),
                ("refund_failure", RefundRecord refund) => $"stripe:{refund.BalanceTransactionId}",
                ("charge_failure" or "payment_unreconciled", ChargeRecord charge) => $"stripe:{charge.BalanceTransactionId}",
                ("dispute", DisputeRecord dispute) => PayIn(dispute.ChargeId),
                ("dispute_reversal", DisputeRecord dispute) => $"stripe:{dispute.BalanceTransactionIds[0]}",
                _ => null,
            };
            if (expected is null) continue;
            Assert.Equal(expected, ParentOf(bt));
            Assert.Contains(expected, byReference.Keys);
            checkedCategories.Add(bt.ReportingCategory);
        }
        Assert.Equal(7, checkedCategories.Count);
    }

    [Fact]
    public async Task Every_fee_type_lands_on_its_own_balance()
    {
        var (install, _) = await SyncWholeAccountAsync();
        var account = harness.DevCloud.Stripe!.Account.BalanceTransactions;
        Dictionary<string, long> Expected(Func<BalanceTransactionRecord, long> of) => account
            .GroupBy(bt => bt.Currency.ToUpperInvariant())
            .ToDictionary(g => g.Key, g => g.Sum(of))
            .Where(p => p.Value != 0)
            .ToDictionary();
        long Part(BalanceTransactionRecord bt, string suffix) =>
            SyncHarness.FeeParts(bt).Where(p => p.Reference == $"stripe:{bt.Id}:{suffix}").Sum(p => p.Amount);
        Dictionary<string, long> Ledger(string indicator) => harness.IndicatorBalances(install, indicator).Where(p => p.Value != 0).ToDictionary();

        // Each fee leaves its balance for Stripe's: the balance goes down by the fee.
        var applicationFees = Expected(bt => -Part(bt, "fee:application_fee"));
        var tax = Expected(bt => (bt.ReportingCategory == "tax" ? bt.Amount : 0) - Part(bt, "fee:tax"));
        var fees = Expected(bt => (bt.ReportingCategory is "fee" or "network_cost" ? bt.Amount : 0) - Part(bt, "fee"));

        Assert.NotEmpty(applicationFees);
        Assert.Contains("EUR", tax.Keys);
        Assert.Equal(applicationFees.OrderBy(p => p.Key), Ledger("@stripe_application_fees").OrderBy(p => p.Key));
        Assert.Equal(tax.OrderBy(p => p.Key), Ledger("@stripe_tax").OrderBy(p => p.Key));
        Assert.Equal(fees.OrderBy(p => p.Key), Ledger("@stripe_fees").OrderBy(p => p.Key));
    }

    [Fact]
    public async Task The_mirror_equals_Stripe_s_balance_per_balance_type_and_every_balance_type_reconciles()
    {
        var (install, run) = await SyncWholeAccountAsync();

        harness.AssertLedgerMirrorsStripe(install);
        Assert.All(run.Reconciliation, line => Assert.True(line.Matches, $"{line.BalanceType} {line.Currency}: Stripe {line.StripeAmount}, ledger {line.LedgerAmount}"));
        Assert.Contains(run.Reconciliation, line => line is { BalanceType: "issuing", Currency: "USD", StripeAmount: > 0 });
        Assert.Contains(run.Reconciliation, line => line is { BalanceType: "refund_and_dispute_prefunding", Currency: "USD", StripeAmount: > 0 });
        foreach (var (indicator, kind) in new[] { ("@stripe_connect", "transfer"), ("@stripe_issuing", "issuing_transaction"), ("@stripe_topups", "topup"), ("@stripe_reserves", "risk_reserved_funds") })
            Assert.Contains(harness.Transactions(install), t => (string?)t["meta_data"]?["stripe_sync"]?["reporting_category"] == kind
                && harness.Ledger(install).Snapshot(DataResource.Balances).Any(b => (string?)b["indicator"] == indicator
                    && ((string?)b["balance_id"] == (string?)t["source"] || (string?)b["balance_id"] == (string?)t["destination"])));
    }

    [Fact]
    public async Task No_ledger_description_holds_a_customer_s_email_or_name_after_a_full_sync()
    {
        var (install, _) = await SyncWholeAccountAsync();
        var customers = harness.DevCloud.Stripe!.Account.Customers;
        var descriptions = harness.Transactions(install).Select(t => (string)t["description"]!).ToList();

        Assert.Contains(descriptions, d => d.Contains("for customer cus_", StringComparison.Ordinal));
        Assert.All(descriptions, description =>
        {
            Assert.DoesNotContain("@", description);
            foreach (var customer in customers)
            {
                if (customer.Email is { } email)
                    Assert.DoesNotContain(email, description, StringComparison.OrdinalIgnoreCase);
                if (customer.Name is { } name)
                    Assert.DoesNotContain(name, description, StringComparison.OrdinalIgnoreCase);
            }
        });
    }

    [Fact]
    public async Task A_fee_an_earlier_version_posted_whole_is_not_posted_again_in_parts_when_the_local_records_are_lost()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        var account = harness.DevCloud.Stripe!.Account;
        var taxed = account.BalanceTransactions.First(bt => bt.FeeDetails.Any(f => f.Type == "tax"));
        // The ledger as a version before fee_details were split left it: the whole fee under stripe:<txn>:fee.
        using (var cloud = harness.DevCloud.CreateCloudClient(install))
        {
            var response = await cloud.PostAsJsonAsync($"/proxy/transactions?instance_id={install.InstanceId}", new JsonObject
            {
                ["precise_amount"] = taxed.Fee, ["precision"] = 100, ["currency"] = taxed.Currency.ToUpperInvariant(),
                ["reference"] = $"stripe:{taxed.Id}:fee", ["description"] = "Stripe fee (posted whole)", ["source"] = "@stripe_fees",
                ["destination"] = "@stripe", ["allow_overdraft"] = true, ["skip_queue"] = true,
            });
            response.EnsureSuccessStatusCode();
        }

        var run = await harness.SyncAsync(install);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Null(harness.Ledger(install).FindTransactionByReference($"stripe:{taxed.Id}:fee:tax"));
        Assert.True(run.Counts.AlreadyPresent >= 2, $"{run.Counts.AlreadyPresent} already present");
        harness.AssertLedgerMirrorsStripe(install);
    }
}
