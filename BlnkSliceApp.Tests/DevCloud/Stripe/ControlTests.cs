using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class ControlTests : EmulatorTest
{
    [Fact]
    public async Task Activity_added_over_HTTP_is_listed_by_Stripe_net()
    {
        using var http = RawClient();

        var response = await http.PostAsJsonAsync("/_devcloud/activity", new { payments = 2, refunds = 0, payouts = 0, currency = "jpy" });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var chargeIds = body.RootElement.GetProperty("charge_ids").EnumerateArray().Select(e => e.GetString()).ToList();
        var newest = await Client().V1.Charges.ListAsync(new ChargeListOptions { Limit = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(chargeIds.ToHashSet(), newest.Data.Select(c => (string?)c.Id).ToHashSet());
        Assert.All(newest.Data, c => Assert.Equal("jpy", c.Currency));
    }

    [Theory]
    [InlineData("/_devcloud/activity", """{"payments": -1}""")]
    [InlineData("/_devcloud/activity", """{"currency": "xyz"}""")]
    [InlineData("/_devcloud/activity", """{"paymnets": 1}""")]
    [InlineData("/_devcloud/generate", """{"balance_transactions": 0}""")]
    [InlineData("/_devcloud/generate", """not json""")]
    public async Task Bad_control_input_is_a_readable_400_and_changes_nothing(string url, string json)
    {
        var before = Emulator.Account.Counts;
        using var http = RawClient();

        var response = await http.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("message", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, Emulator.Account.Counts);
    }

    [Fact]
    public async Task New_customers_and_a_deletion_show_up_for_an_incremental_customer_sync()
    {
        var lastSynced = Emulator.Account.Customers.Max(c => c.Created);
        var victim = (await Client().V1.Customers.ListAsync(new CustomerListOptions { Limit = 1 })).Data.Single();

        var added = Emulator.Account.AddActivity(new() { Customers = 2, Payments = 0, Refunds = 0, Payouts = 0 });
        using var http = RawClient();
        var deleted = await http.DeleteAsync($"/_devcloud/customers/{victim.Id}");
        var fresh = await Client().V1.Customers.ListAsync(new CustomerListOptions
        {
            Created = new DateRangeOptions { GreaterThan = At(lastSynced) },
        });
        var gone = await Client().V1.Customers.GetAsync(victim.Id);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(added.CustomerIds.ToHashSet(), fresh.Data.Select(c => c.Id).ToHashSet());
        Assert.All(fresh.Data, c => Assert.NotNull(c.Email));
        Assert.True(gone.Deleted);
    }

    [Fact]
    public async Task A_failed_payout_turns_failed_and_returns_its_money()
    {
        var payout = Emulator.Account.Payouts.First(p => p.Status == "paid");
        using var http = RawClient();

        var response = await http.PostAsync($"/_devcloud/payouts/{payout.Id}/fail", null);
        var fetched = await Client().V1.Payouts.GetAsync(payout.Id, new PayoutGetOptions { Expand = ["failure_balance_transaction"] });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("failed", fetched.Status);
        Assert.Equal(payout.Amount, fetched.FailureBalanceTransaction.Amount);
        Assert.Equal("payout_failure", fetched.FailureBalanceTransaction.Type);
    }

    [Fact]
    public async Task A_large_account_of_one_hundred_thousand_balance_transactions_generates_and_pages()
    {
        var before = Emulator.Account.Counts;

        var added = Emulator.Account.GenerateLarge(100_000, 1_000);
        var after = Emulator.Account.Counts;
        var balance = Emulator.Account.Balance();
        var first = await Client().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions { Limit = 100, Expand = ["data.source"] });
        var oldest = Emulator.Account.BalanceTransactions[0];
        var last = await Client().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions { EndingBefore = oldest.Id, Limit = 1 });

        Assert.Equal(100_000, added.BalanceTransactions);
        Assert.Equal(before.BalanceTransactions + 100_000, after.BalanceTransactions);
        Assert.Equal(before.Customers + 1_000, after.Customers);
        Assert.True(after.Payouts > before.Payouts);
        Assert.Equal(100, first.Data.Count);
        Assert.Single(last.Data);
        foreach (var (currency, available) in balance.Available)
        {
            Assert.True(available >= 0, $"{currency} available {available}");
            Assert.Equal(Emulator.Account.BalanceTransactions.Where(t => t.Currency == currency && t.BalanceType == "payments").Sum(t => t.Net), balance.Total(currency));
        }
    }

    [Fact]
    public async Task The_summary_reports_counts_and_requests_served()
    {
        await Client().V1.Balance.GetAsync();
        using var http = RawClient();

        using var summary = JsonDocument.Parse(await http.GetStringAsync("/_devcloud/summary"));

        Assert.Equal(1, summary.RootElement.GetProperty("requests").GetInt64());
        Assert.Equal(Emulator.Account.Counts.Charges, summary.RootElement.GetProperty("counts").GetProperty("charges").GetInt32());
        Assert.DoesNotContain(Emulator.SecretKey, summary.RootElement.GetRawText());
    }
}
