namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// What a balance transaction's source tells about it. For refunds and disputes the customer
/// is often only reachable through the charge: then <see cref="ChargeId"/> is set and
/// <see cref="CustomerId"/> is null, and the engine looks the charge up.
/// </summary>
public sealed record SourceRefs(string? SourceId, string? ChargeId, string? CustomerId, string? PaymentIntentId)
{
    public static readonly SourceRefs None = new(null, null, null, null);
}
