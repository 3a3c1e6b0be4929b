namespace BlnkSliceApp.Shared.Sync;

/// <summary>
/// Stripe's balance of one balance type in one currency (available plus pending), in minor
/// units; Currency upper case. <see cref="BalanceType"/> as a balance transaction names it
/// ("payments", "issuing", "refund_and_dispute_prefunding").
/// </summary>
public sealed record StripeBalanceAmount(string Currency, long Amount, long Precision, string BalanceType = Mapping.StripeBalanceTypes.Payments);

/// <summary>What the sync needs of a Stripe customer to find or create its Blnk identity.</summary>
public sealed record StripeCustomerInfo(string Id, string? Email, string? Name, string? Phone, bool Deleted);
