using BlnkSliceApp.DevCloud.Stripe;
using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class SeedTests : EmulatorTest
{
    static readonly DateTimeOffset Anchor = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected override StripeEmulatorOptions Options => new() { Anchor = Anchor };

    [Fact]
    public async Task The_same_seed_gives_the_same_account()
    {
        await using var again = await StripeEmulator.StartAsync(new() { Anchor = Anchor });

        Assert.Equal(Emulator.SecretKey, again.SecretKey);
        Assert.Equal(Emulator.AccountId, again.AccountId);
        Assert.Equal(Describe(Emulator), Describe(again));
        Assert.Equal(Emulator.IdentitiesToPreload, again.IdentitiesToPreload);
    }

    [Fact]
    public async Task Another_seed_gives_another_account()
    {
        await using var other = await StripeEmulator.StartAsync(new() { Anchor = Anchor, Seed = 7 });

        Assert.NotEqual(Emulator.SecretKey, other.SecretKey);
        Assert.NotEqual(Describe(Emulator), Describe(other));
    }

    static string Describe(StripeEmulator emulator) => string.Join('\n',
        emulator.Account.BalanceTransactions.Select(t => $"{t.Id} {t.Created} {t.Amount} {t.Fee} {t.Currency} {t.Type} {t.SourceId}")
            .Concat(emulator.Account.Customers.Select(c => $"{c.Id} {c.Email} {c.Deleted}")));

    [Fact]
    public void The_seeded_account_holds_every_case_the_sync_must_handle()
    {
        var account = Emulator.Account;
        var txns = account.BalanceTransactions;

        Assert.InRange(account.Counts.Customers, 200, 500);
        Assert.Contains(account.Customers, c => c.Deleted);
        Assert.Contains(account.Customers, c => c.Email is null && !c.Deleted);
        Assert.Contains(account.Charges, c => c.CustomerId is null);
        foreach (var currency in (string[])["usd", "eur", "jpy", "kwd", "isk", "huf"])
            Assert.Contains(txns, t => t.Currency == currency && t.ReportingCategory == "charge");
        Assert.All(txns.Where(t => t.Currency == "kwd"), t => Assert.Equal(0, t.Amount % 10));
        Assert.All(txns.Where(t => t.Currency is "isk" or "huf"), t => Assert.Equal(0, t.Amount % 100));
        Assert.Contains(account.Charges, c => c.Refunded);
        Assert.Contains(account.Charges, c => c.AmountRefunded > 0 && !c.Refunded);
        Assert.Contains(txns, t => t.Type == "payment" && t.SourceId!.StartsWith("py_"));
        Assert.Contains(txns, t => t.Type == "payout_failure" && t.ReportingCategory == "payout_reversal");
        Assert.Contains(account.Payouts, p => p.Status == "failed" && p.FailureBalanceTransactionId is not null);
        Assert.Contains(account.Payouts, p => p.Status == "paid");
        Assert.Contains(txns, t => t.Type == "adjustment" && t.ReportingCategory == "other_adjustment");
        Assert.Contains(txns, t => t.Type == "stripe_fee" && t.ReportingCategory == "fee");
        Assert.Contains(txns, t => t.ExchangeRate is not null);
        Assert.Equal(["lost", "needs_response", "warning_needs_response", "won"], account.Disputes.Select(d => d.Status).Order());
    }

    [Fact]
    public void Some_ledger_identities_share_an_email_with_a_Stripe_customer()
    {
        var emails = Emulator.Account.Customers.Where(c => c.Email is not null && !c.Deleted)
            .Select(c => c.Email!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var shared = Emulator.IdentitiesToPreload.Where(i => emails.Contains(i.Email)).ToList();

        Assert.InRange(shared.Count, 10, Emulator.IdentitiesToPreload.Count - 1);
        Assert.Contains(Emulator.IdentitiesToPreload, i => !emails.Contains(i.Email));
        Assert.Contains(shared, i => i.Email != i.Email.ToLowerInvariant());
    }

    [Fact]
    public async Task The_account_check_returns_the_account_id()
    {
        var account = await Client().V1.Accounts.GetSelfAsync();

        Assert.Equal(Emulator.AccountId, account.Id);
        Assert.StartsWith("acct_", account.Id);
        Assert.True(account.ChargesEnabled);
    }

    [Fact]
    public async Task Every_resource_lists_and_retrieves_through_Stripe_net()
    {
        var client = Client().V1;
        var charge = (await client.Charges.ListAsync(new ChargeListOptions { Limit = 1 })).Data.Single();
        var intent = await client.PaymentIntents.GetAsync(charge.PaymentIntentId);
        var refund = (await client.Refunds.ListAsync(new RefundListOptions { Limit = 1 })).Data.Single();
        var payout = (await client.Payouts.ListAsync(new PayoutListOptions { Status = "failed" })).Data.Single();
        var dispute = (await client.Disputes.ListAsync()).Data.First();
        var customer = (await client.Customers.ListAsync(new CustomerListOptions { Limit = 1 })).Data.Single();

        Assert.Equal(charge.Id, intent.LatestChargeId);
        Assert.Equal(charge.Amount, intent.AmountReceived);
        Assert.Equal("succeeded", intent.Status);
        Assert.Equal(refund.Id, (await client.Refunds.GetAsync(refund.Id)).Id);
        Assert.StartsWith("txn_", payout.FailureBalanceTransactionId);
        Assert.Equal("account_closed", payout.FailureCode);
        Assert.Equal(dispute.ChargeId, (await client.Charges.GetAsync(dispute.ChargeId)).Id);
        Assert.Equal(customer.Email, (await client.Customers.GetAsync(customer.Id)).Email);
        var payer = Emulator.Account.Charges.First(c => c.CustomerId is not null).CustomerId!;
        var ofPayer = await client.Charges.ListAsync(new ChargeListOptions { Customer = payer, Limit = 100 });
        Assert.Equal(Emulator.Account.Charges.Count(c => c.CustomerId == payer), ofPayer.Data.Count);
        Assert.All(ofPayer.Data, c => Assert.Equal(payer, c.CustomerId));
    }
}
