namespace BlnkSliceApp.DevCloud.Stripe.Objects;

public sealed class RefundRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string ChargeId { get; init; }
    public required string PaymentIntentId { get; init; }
    public required string BalanceTransactionId { get; init; }
    public string? Reason { get; init; }

    /// <summary>"succeeded", or "failed" when the card could not take the money back (it returns to the balance).</summary>
    public string Status { get; internal set; } = "succeeded";
    public string? FailureBalanceTransactionId { get; internal set; }
    public string? FailureReason { get; internal set; }

    public override string ObjectName => "refund";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "charge", "payment_intent", "balance_transaction", "failure_balance_transaction" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        w.Expandable("balance_transaction", BalanceTransactionId, expand);
        w.Expandable("charge", ChargeId, expand);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        j.WriteNull("destination_details");
        w.Expandable("failure_balance_transaction", FailureBalanceTransactionId, expand);
        w.StringOrNull("failure_reason", FailureReason);
        w.Metadata(null);
        w.Expandable("payment_intent", PaymentIntentId, expand);
        w.StringOrNull("reason", Reason);
        j.WriteNull("receipt_number");
        j.WriteNull("source_transfer_reversal");
        j.WriteString("status", Status);
        j.WriteNull("transfer_reversal");
    }
}
