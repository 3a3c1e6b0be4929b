namespace BlnkSliceApp.DevCloud.Stripe.Objects;

public sealed class DisputeRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string ChargeId { get; init; }
    public required string PaymentIntentId { get; init; }
    public string Reason { get; init; } = "fraudulent";

    /// <summary>
    /// Stripe's lifecycle: an inquiry is "warning_needs_response", then "warning_under_review",
    /// "warning_closed" or (escalated) "needs_response"; a chargeback is "needs_response", then
    /// "under_review", then "won" or "lost". Moved on by <c>StripeAccountState.MoveDispute</c>.
    /// </summary>
    public required string Status { get; set; }

    /// <summary>When evidence is due (Unix seconds); null once a dispute is closed without one.</summary>
    public long? EvidenceDueBy { get; internal set; }

    /// <summary>Evidence was submitted (the dispute went under review).</summary>
    internal bool HasEvidence { get; set; }

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
        if (EvidenceDueBy is { } dueBy) j.WriteNumber("due_by", dueBy);
        else j.WriteNull("due_by");
        var submitted = HasEvidence || Status is "won" or "lost" && EvidenceDueBy is null;
        j.WriteBoolean("has_evidence", submitted);
        j.WriteBoolean("past_due", EvidenceDueBy is { } due && due < w.Now && Status is "needs_response" or "warning_needs_response");
        j.WriteNumber("submission_count", submitted ? 1 : 0);
        j.WriteEndObject();
        j.WriteBoolean("is_charge_refundable", Status.StartsWith("warning_", StringComparison.Ordinal));
        w.Common();
        w.Metadata(null);
        w.Expandable("payment_intent", PaymentIntentId, expand);
        j.WriteString("reason", Reason);
        j.WriteString("status", Status);
    }
}
