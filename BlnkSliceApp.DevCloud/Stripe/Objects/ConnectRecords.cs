namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>A transfer to a connected account (<c>tr_</c>), as a Connect platform makes them.</summary>
public sealed class TransferRecord : MovementRecord
{
    public required string DestinationAccountId { get; init; }
    public string? Description { get; init; }
    internal List<TransferReversalRecord> Reversals { get; } = [];

    public long AmountReversed => Reversals.Sum(r => r.Amount);

    public override string ObjectName => "transfer";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "balance_transaction" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        WriteMovement(w, expand);
        j.WriteNumber("amount_reversed", AmountReversed);
        w.StringOrNull("description", Description);
        j.WriteString("destination", DestinationAccountId);
        j.WriteString("destination_payment", "py_" + Id[3..]);
        w.Common();
        w.Metadata(null);
        ObjectWriter.WriteList(w, "reversals", $"/v1/transfers/{Id}/reversals", Reversals);
        j.WriteBoolean("reversed", AmountReversed >= Amount);
        j.WriteNull("source_transaction");
        j.WriteString("source_type", "card");
        j.WriteNull("transfer_group");
    }
}

/// <summary>Part or all of a transfer taken back from the connected account (<c>trr_</c>).</summary>
public sealed class TransferReversalRecord : MovementRecord
{
    public required string TransferId { get; init; }

    public override string ObjectName => "transfer_reversal";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "balance_transaction", "transfer" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        WriteMovement(w, expand);
        j.WriteNull("destination_payment_refund");
        w.Metadata(null);
        j.WriteNull("source_refund");
        w.Expandable("transfer", TransferId, expand);
    }
}

/// <summary>An application fee the platform earned on a connected account's charge (<c>fee_</c>).</summary>
public sealed class ApplicationFeeRecord : MovementRecord
{
    public required string ConnectedAccountId { get; init; }
    public required string ApplicationId { get; init; }

    /// <summary>The charge on the connected account: not an object of this account.</summary>
    public required string ConnectedChargeId { get; init; }
    internal List<ApplicationFeeRefundRecord> Refunds { get; } = [];

    public long AmountRefunded => Refunds.Sum(r => r.Amount);

    public override string ObjectName => "application_fee";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "balance_transaction" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        WriteMovement(w, expand);
        j.WriteString("account", ConnectedAccountId);
        j.WriteNumber("amount_refunded", AmountRefunded);
        j.WriteString("application", ApplicationId);
        j.WriteString("charge", ConnectedChargeId);
        w.Common();
        j.WriteNull("originating_transaction");
        j.WriteBoolean("refunded", AmountRefunded >= Amount);
        ObjectWriter.WriteList(w, "refunds", $"/v1/application_fees/{Id}/refunds", Refunds);
    }
}

/// <summary>An application fee given back to the connected account (<c>fr_</c>; Stripe's object name is fee_refund).</summary>
public sealed class ApplicationFeeRefundRecord : MovementRecord
{
    public required string FeeId { get; init; }

    public override string ObjectName => "fee_refund";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "balance_transaction", "fee" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        WriteMovement(w, expand);
        w.Expandable("fee", FeeId, expand);
        w.Metadata(null);
    }
}
