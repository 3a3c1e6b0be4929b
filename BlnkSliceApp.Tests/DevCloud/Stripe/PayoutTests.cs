using System.Net.Http.Json;
using BlnkSliceApp.DevCloud.Stripe;
using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

/// <summary>The emulator's payouts as Stripe documents them: what ?payout= lists, reconciliation_status, statuses, trace ids.</summary>
public sealed class PayoutTests : EmulatorTest
{
    async Task<List<BalanceTransaction>> ListedInAsync(string payoutId) =>
        await AllBalanceTransactionsAsync(new BalanceTransactionListOptions { Limit = 100, Payout = payoutId });

    [Fact]
    public async Task A_completed_automatic_payout_lists_its_own_transaction_and_the_ones_that_add_up_to_its_amount()
    {
        foreach (var payout in Emulator.Account.Payouts.Where(p => p.Automatic && p.ReconciliationStatus == "completed"))
        {
            var listed = await ListedInAsync(payout.Id);

            var own = Assert.Single(listed, t => t.Type == "payout");
            Assert.Equal((payout.BalanceTransactionId, -payout.Amount), (own.Id, own.Amount));
            var paidOut = listed.Where(t => t.Id != own.Id).ToList();
            Assert.NotEmpty(paidOut);
            Assert.Equal(payout.Amount, paidOut.Sum(t => t.Net));
            Assert.All(paidOut, t => Assert.True(Unix(t.AvailableOn) <= payout.Created, $"{t.Id} was not available when {payout.Id} was made"));
        }
    }

    [Fact]
    public async Task No_transaction_is_paid_out_twice()
    {
        var listed = new List<string>();
        foreach (var payout in Emulator.Account.Payouts.Where(p => p.Automatic && p.ReconciliationStatus == "completed"))
            listed.AddRange((await ListedInAsync(payout.Id)).Where(t => t.Type != "payout").Select(t => t.Id));

        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task The_seeded_account_has_payouts_in_every_state_with_their_trace_ids()
    {
        var payouts = new List<Payout>();
        await foreach (var payout in Client().V1.Payouts.ListAutoPagingAsync(new PayoutListOptions { Limit = 100 }))
            payouts.Add(payout);

        Assert.Equal(["canceled", "failed", "in_transit", "paid", "pending"], payouts.Select(p => p.Status).Distinct().Order());
        var pending = Assert.Single(payouts, p => p.Status == "pending");
        Assert.Equal(("in_progress", "pending", (string?)null), (pending.ReconciliationStatus, pending.TraceId.Status, pending.TraceId.Value));
        Assert.All(payouts.Where(p => p.Status == "paid"), p => Assert.Equal("supported", p.TraceId.Status));
        Assert.All(payouts.Where(p => p.Status == "paid"), p => Assert.StartsWith("TRC", p.TraceId.Value));
        var canceled = Assert.Single(payouts, p => p.Status == "canceled");
        var cancel = await Client().V1.BalanceTransactions.GetAsync(canceled.FailureBalanceTransactionId);
        Assert.Equal(("payout_cancel", "payout_reversal", canceled.Amount), (cancel.Type, cancel.ReportingCategory, cancel.Amount));
    }

    [Fact]
    public async Task A_payout_whose_reconciliation_is_in_progress_lists_only_itself_until_it_completes()
    {
        var pending = Emulator.Account.Payouts.Single(p => p.ReconciliationStatus == "in_progress");

        var before = await ListedInAsync(pending.Id);
        using var http = RawClient();
        var response = await http.PostAsync($"/_devcloud/payouts/{pending.Id}/reconcile", null);
        var after = await ListedInAsync(pending.Id);

        Assert.Equal([pending.BalanceTransactionId], before.Select(t => t.Id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", (await Client().V1.Payouts.GetAsync(pending.Id)).ReconciliationStatus);
        Assert.Equal(pending.Amount, after.Where(t => t.Type != "payout").Sum(t => t.Net));
    }

    [Fact]
    public async Task Status_changes_follow_the_bank_pending_in_transit_paid_then_failed_with_a_payout_failure()
    {
        var id = Assert.Single(Emulator.Account.AddActivity(new StripeActivityRequest { Payments = 0, Refunds = 0, Payouts = 1 }).PayoutIds);
        using var http = RawClient();

        async Task<HttpResponseMessage> SetAsync(object body) => await http.PostAsJsonAsync($"/_devcloud/payouts/{id}/status", body);

        Assert.Equal(HttpStatusCode.OK, (await SetAsync(new { status = "in_transit" })).StatusCode);
        Assert.Equal("pending", (await Client().V1.Payouts.GetAsync(id)).TraceId.Status);
        Assert.Equal(HttpStatusCode.OK, (await SetAsync(new { status = "paid", arrival_date = 1_900_000_000 })).StatusCode);
        var paid = await Client().V1.Payouts.GetAsync(id);
        var cancel = await SetAsync(new { status = "canceled" });
        var fail = await SetAsync(new { status = "failed", failure_code = "no_account" });
        var failed = await Client().V1.Payouts.GetAsync(id, new PayoutGetOptions { Expand = ["failure_balance_transaction"] });

        Assert.Equal(("paid", "supported", "completed", 1_900_000_000L), (paid.Status, paid.TraceId.Status, paid.ReconciliationStatus, Unix(paid.ArrivalDate)));
        Assert.Equal(HttpStatusCode.BadRequest, cancel.StatusCode);
        Assert.Contains("only a pending payout can be canceled", await cancel.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, fail.StatusCode);
        Assert.Equal(("failed", "no_account"), (failed.Status, failed.FailureCode));
        Assert.Equal(("payout_failure", failed.Amount), (failed.FailureBalanceTransaction.Type, failed.FailureBalanceTransaction.Amount));
        Assert.Equal(HttpStatusCode.BadRequest, (await SetAsync(new { status = "paid" })).StatusCode);
    }

    [Fact]
    public async Task Listing_by_an_unknown_payout_is_refused_as_Stripe_does()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() =>
            Client().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions { Payout = "po_doesnotexist" }));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("payout", error.StripeError.Param);
    }

    [Fact]
    public async Task An_unknown_status_is_a_readable_400_and_changes_nothing()
    {
        var payout = Emulator.Account.Payouts.First(p => p.Status == "paid");
        using var http = RawClient();

        var response = await http.PostAsJsonAsync($"/_devcloud/payouts/{payout.Id}/status", new { status = "lost" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("status must be one of", await response.Content.ReadAsStringAsync());
        Assert.Equal("paid", Emulator.Account.Payouts.Single(p => p.Id == payout.Id).Status);
    }
}
