namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>
/// Spending on a card the account issued, as Stripe Issuing books it on the Issuing balance:
/// an authorization holds the amount, a capture (an Issuing transaction) spends it and
/// releases the hold, a won Issuing dispute gives it back. Objects are named "issuing.*".
/// </summary>
public sealed class IssuingAuthorizationRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string CardId { get; init; }
    public required string CardholderId { get; init; }
    public required string MerchantName { get; init; }

    /// <summary>"pending" while held, "closed" once captured or released, "reversed" when released uncaptured.</summary>
    public string Status { get; internal set; } = "pending";
    internal List<string> TransactionIds { get; } = [];

    public override string ObjectName => "issuing.authorization";

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        j.WriteBoolean("approved", true);
        j.WriteString("authorization_method", "online");
        w.WholeObjects("balance_transactions", TransactionIds);
        j.WriteString("cardholder", CardholderId);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        w.Common();
        j.WriteNumber("merchant_amount", Amount);
        j.WriteString("merchant_currency", Currency);
        IssuingMerchant.Write(w, MerchantName);
        w.Metadata(null);
        j.WriteString("status", Status);
    }
}

/// <summary>A capture or refund on an issued card (<c>ipi_</c>); a capture's amount is negative, as on the balance.</summary>
public sealed class IssuingTransactionRecord : MovementRecord
{
    public required string AuthorizationId { get; init; }
    public required string CardId { get; init; }
    public required string CardholderId { get; init; }
    public required string MerchantName { get; init; }
    public string? DisputeId { get; internal set; }

    public override string ObjectName => "issuing.transaction";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "authorization", "balance_transaction", "dispute" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        WriteMovement(w, expand);
        w.Expandable("authorization", AuthorizationId, expand);
        j.WriteString("card", CardId);
        j.WriteString("cardholder", CardholderId);
        w.Expandable("dispute", DisputeId, expand);
        w.Common();
        j.WriteNumber("merchant_amount", Amount);
        j.WriteString("merchant_currency", Currency);
        IssuingMerchant.Write(w, MerchantName);
        w.Metadata(null);
        j.WriteString("type", Amount < 0 ? "capture" : "refund");
    }
}

/// <summary>A dispute the account raised about a card transaction (<c>idp_</c>); won, it returns the money.</summary>
public sealed class IssuingDisputeRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string TransactionId { get; init; }
    public string Status { get; init; } = "won";
    internal List<string> TransactionIds { get; } = [];

    public override string ObjectName => "issuing.dispute";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "transaction" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        w.WholeObjects("balance_transactions", TransactionIds);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        w.Common();
        w.Metadata(null);
        j.WriteString("status", Status);
        w.Expandable("transaction", TransactionId, expand);
    }
}

static class IssuingMerchant
{
    public static void Write(ObjectWriter w, string name)
    {
        var j = w.Json;
        j.WriteStartObject("merchant_data");
        j.WriteString("category", "computer_software_stores");
        j.WriteString("category_code", "5734");
        j.WriteString("city", "San Francisco");
        j.WriteString("country", "US");
        j.WriteString("name", name);
        j.WriteString("network_id", "1234567890");
        j.WriteNull("postal_code");
        j.WriteNull("state");
        j.WriteEndObject();
    }
}
