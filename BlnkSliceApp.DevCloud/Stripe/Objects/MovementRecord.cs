namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>An object that moved money: its amount and currency, and the balance transaction that booked it.</summary>
public abstract class MovementRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string BalanceTransactionId { get; init; }

    /// <summary>The fields every such object has, as Stripe names them.</summary>
    protected void WriteMovement(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        w.Expandable("balance_transaction", BalanceTransactionId, expand);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
    }
}
