using BlnkSliceApp.Shared.Sync.Disputes;

namespace BlnkSliceApp.Tests.Shared.Sync.Disputes;

public sealed class DisputeFactsTests
{
    static WatchedDispute Dispute(string status, long amount = 5_000, string currency = "JPY", long? dueBy = 1_767_225_600) => new()
    {
        DisputeId = "dp_1", ChargeId = "ch_1", Status = status, Amount = amount, Currency = currency, Reason = "credit_not_processed", EvidenceDueBy = dueBy,
    };

    [Fact]
    public void An_open_dispute_reads_with_its_amount_in_its_currencys_format_reason_status_and_deadline()
    {
        var text = DisputeFacts.Description(Dispute("needs_response"), "cus_1", "run_1");

        Assert.Contains("5,000 JPY", text);
        Assert.Contains("reason \"credit not processed\"", text);
        Assert.Contains("status needs_response", text);
        Assert.Contains("evidence due by 2026-01-01 00:00 UTC", text);
        Assert.Contains("customer cus_1", text);
        Assert.Contains("evidence due 2026-01-01", DisputeFacts.Title(Dispute("needs_response")));
    }

    [Fact]
    public void A_three_decimal_currency_keeps_every_digit_and_a_final_dispute_asks_for_nothing()
    {
        var text = DisputeFacts.Description(Dispute("lost", amount: 12_345, currency: "KWD"), null, "run_1");

        Assert.Contains("12.345 KWD", text);
        Assert.DoesNotContain("Respond", text);
        Assert.DoesNotContain("evidence due", text);
        Assert.EndsWith("lost", DisputeFacts.Title(Dispute("lost")));
    }

    [Theory]
    [InlineData("won", true)]
    [InlineData("lost", true)]
    [InlineData("warning_closed", true)]
    [InlineData("prevented", true)]
    [InlineData("needs_response", false)]
    [InlineData("warning_needs_response", false)]
    [InlineData("under_review", false)]
    public void Only_won_lost_prevented_and_closed_inquiries_are_final(string status, bool final) =>
        Assert.Equal(final, DisputeFacts.IsFinal(status));
}
