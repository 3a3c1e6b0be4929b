using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

/// <summary>What changes in the emulated account after the fact: customers edited or deleted, and the dispute lifecycle.</summary>
public sealed class ChangesTests : EmulatorTest
{
    string UndisputedCharge() => Emulator.Account.Charges
        .Last(c => !c.Disputed && c.PaymentMethodType == "card" && c.Status == "succeeded" && c.AmountRefunded == 0 && c.Currency == c.SettlementCurrency).Id;

    static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task An_updated_customer_shows_its_new_email_and_name_and_a_deleted_one_answers_with_Stripes_stub()
    {
        var customerId = Emulator.Account.AddCustomer("before@example.com", "Ada Before").Id;
        using var http = RawClient();

        var updated = await http.PostAsJsonAsync($"/_devcloud/customers/{customerId}", new { email = "after@example.com", name = "Ada After" });
        var read = await Client().V1.Customers.GetAsync(customerId);
        var deleted = await http.DeleteAsync($"/_devcloud/customers/{customerId}");
        var stub = await JsonOf(await http.GetAsync($"/v1/customers/{customerId}"));
        var updateAfterDeletion = await http.PostAsJsonAsync($"/_devcloud/customers/{customerId}", new { email = "again@example.com" });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("after@example.com", "Ada After"), (read.Email, read.Name));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["id", "object", "deleted"], stub.EnumerateObject().Select(p => p.Name));
        Assert.True(stub.GetProperty("deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, updateAfterDeletion.StatusCode);
    }

    [Fact]
    public async Task A_charge_expanded_in_a_balance_transaction_names_its_deleted_customer_as_a_stub()
    {
        var customer = Emulator.Account.AddCustomer("gone@example.com", "Soon Gone");
        var charge = Emulator.Account.AddPayment(customer.Id, "usd", 5_000);
        Emulator.Account.DeleteCustomer(customer.Id);

        var transaction = await Client().V1.BalanceTransactions.GetAsync(charge.BalanceTransactionId,
            new BalanceTransactionGetOptions { Expand = ["source.customer"] });

        var expanded = ((Charge)transaction.Source).Customer;
        Assert.Equal(customer.Id, expanded.Id);
        Assert.True(expanded.Deleted);
        Assert.Null(expanded.Email);
    }

    [Fact]
    public async Task A_chargeback_withdraws_at_once_goes_under_review_and_when_won_gives_the_money_and_fee_back()
    {
        var chargeId = UndisputedCharge();
        var balanceBefore = Emulator.Account.Balance();
        using var http = RawClient();

        var opened = await JsonOf(await http.PostAsJsonAsync("/_devcloud/disputes", new { charge = chargeId, reason = "product_not_received" }));
        var disputeId = opened.GetProperty("id").GetString()!;
        var listed = (await Client().V1.Disputes.ListAsync(new DisputeListOptions
        {
            Created = new DateRangeOptions { GreaterThanOrEqual = DateTimeOffset.FromUnixTimeSeconds(Emulator.Account.Now - 60).UtcDateTime },
        })).Data.Single(d => d.Id == disputeId);
        await http.PostAsJsonAsync($"/_devcloud/disputes/{disputeId}/status", new { status = "under_review" });
        var won = await JsonOf(await http.PostAsJsonAsync($"/_devcloud/disputes/{disputeId}/status", new { status = "won" }));
        var again = await http.PostAsJsonAsync($"/_devcloud/disputes/{disputeId}/status", new { status = "lost" });

        Assert.Equal(("needs_response", "product_not_received"), (listed.Status, listed.Reason));
        var dueBy = new DateTimeOffset(DateTime.SpecifyKind(listed.EvidenceDetails.DueBy!.Value, DateTimeKind.Utc)).ToUnixTimeSeconds();
        Assert.InRange(dueBy - Emulator.Account.Now, EvidenceWindow - 120, EvidenceWindow);
        Assert.Equal("dispute", Assert.Single(listed.BalanceTransactions).ReportingCategory);
        Assert.Equal("won", won.GetProperty("status").GetString());
        Assert.Equal(2, won.GetProperty("balance_transactions").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("final", await again.Content.ReadAsStringAsync());
        // Won: the withdrawal and the reversal cancel out, fee included.
        var after = Emulator.Account.Balance();
        var currency = Emulator.Account.Charges.Single(c => c.Id == chargeId).SettlementCurrency;
        Assert.Equal(balanceBefore.Total(currency), after.Total(currency));
    }

    const long EvidenceWindow = BlnkSliceApp.DevCloud.Stripe.StripeAccountState.EvidenceWindow;

    [Fact]
    public async Task An_inquiry_moves_no_money_until_it_escalates_and_a_lost_dispute_keeps_the_withdrawal()
    {
        var chargeId = UndisputedCharge();
        var charge = Emulator.Account.Charges.Single(c => c.Id == chargeId);
        var before = Emulator.Account.Balance().Total(charge.SettlementCurrency);

        var inquiry = Emulator.Account.OpenDispute(chargeId, inquiry: true);
        var duringInquiry = Emulator.Account.Balance().Total(charge.SettlementCurrency);
        Emulator.Account.MoveDispute(inquiry.Id, "needs_response");
        Emulator.Account.MoveDispute(inquiry.Id, "lost");
        var read = await Client().V1.Disputes.GetAsync(inquiry.Id);

        Assert.Equal(before, duringInquiry);
        Assert.Equal("lost", read.Status);
        var withdrawal = Assert.Single(read.BalanceTransactions);
        Assert.Equal(before + withdrawal.Net, Emulator.Account.Balance().Total(charge.SettlementCurrency));
        Assert.Throws<InvalidOperationException>(() => Emulator.Account.OpenDispute(chargeId));
    }

    [Theory]
    [InlineData("/_devcloud/disputes", """{"reason": "fraudulent"}""")]
    [InlineData("/_devcloud/disputes", """{"charge": "ch_unknown"}""")]
    [InlineData("/_devcloud/customers/cus_unknown", """{"email": "x@example.com"}""")]
    [InlineData("/_devcloud/customers/cus_unknown", """{}""")]
    public async Task Bad_change_controls_are_readable_4xx_and_change_nothing(string url, string json)
    {
        var before = Emulator.Account.Counts;
        using var http = RawClient();

        var response = await http.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, response.StatusCode.ToString());
        Assert.Contains("message", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, Emulator.Account.Counts);
    }

    [Fact]
    public void The_seeded_account_has_a_chargeback_waiting_for_evidence_and_an_open_inquiry()
    {
        var open = Emulator.Account.Disputes.Where(d => d.Status is "needs_response" or "warning_needs_response").ToList();

        Assert.Equal(["needs_response", "warning_needs_response"], open.Select(d => d.Status).Order());
        Assert.All(open, d => Assert.True(d.EvidenceDueBy > Emulator.Account.Anchor));
        Assert.All(open, d => Assert.True(d.Created < Emulator.Account.Anchor));
    }
}
