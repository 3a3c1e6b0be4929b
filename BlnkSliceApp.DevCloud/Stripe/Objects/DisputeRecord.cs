namespace BlnkSliceApp.DevCloud.Stripe.Objects;

public sealed class DisputeRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string ChargeId { get; init; }
    public required string PaymentIntentId { get; init; }
    public string Reason { get; init; } = "fraudulent";

    /// <summary>"needs_response", "under_review", "won" or "lost".</summary>
    public required string Status { get; init; }

    /// <summary>The withdrawal, then (when won) the reversal: Stripe embeds them as whole objects.</summary>
    public IReadOnlyList<string> BalanceTransactionIds => TransactionIds;
    internal List<string> TransactionIds { get; } = [];

    public override string ObjectName => "dispute";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "charge", "payment_intent" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        j.WriteStartArray("balance_transactions");
        foreach (var id in BalanceTransactionIds)
            if (w.Resolve(id) is { } txn)
                w.WriteObject(txn, Expansion.None);
        j.WriteEndArray();
        w.Expandable("charge", ChargeId, expand);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        j.WriteStartObject("evidence_details");
        j.WriteNull("due_by");
        j.WriteBoolean("has_evidence", Status is "won" or "lost");
        j.WriteBoolean("past_due", false);
        j.WriteNumber("submission_count", Status is "won" or "lost" ? 1 : 0);
        j.WriteEndObject();
        j.WriteBoolean("is_charge_refundable", false);
        w.Common();
        w.Metadata(null);
        w.Expandable("payment_intent", PaymentIntentId, expand);
        j.WriteString("reason", Reason);
        j.WriteString("status", Status);
    }
}
