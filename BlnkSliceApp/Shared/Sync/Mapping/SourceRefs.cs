namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// What a balance transaction's source tells about it. For refunds and disputes the customer
/// is reached through the charge, which the listing expands; when it is not expanded,
/// <see cref="ChargeId"/> is set and <see cref="CustomerId"/> is null, and the engine looks the
/// charge up.
/// </summary>
public sealed record SourceRefs(string? SourceId, string? ChargeId, string? CustomerId, string? PaymentIntentId)
{
    public static readonly SourceRefs None = new(null, null, null, null);

    /// <summary>The balance transaction of the charge behind the source: the pay-in that refunds, failures and disputes adjust.</summary>
    public string? ChargeTransactionId { get; init; }

    /// <summary>The source's own first balance transaction: a refund's, or a dispute's withdrawal.</summary>
    public string? SourceTransactionId { get; init; }
}
