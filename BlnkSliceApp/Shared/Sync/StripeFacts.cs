namespace BlnkSliceApp.Shared.Sync;

/// <summary>Stripe's balance in one currency (available plus pending), in minor units; Currency upper case.</summary>
public sealed record StripeBalanceAmount(string Currency, long Amount, long Precision);

/// <summary>What the sync needs of a Stripe customer to find or create its Blnk identity.</summary>
public sealed record StripeCustomerInfo(string Id, string? Email, string? Name, string? Phone, bool Deleted);
