namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// Which ledger balance a posting leg is: one of the install's general-ledger indicators
/// (names in <see cref="SyncPreferences"/>) or the Stripe customer's own balance.
/// </summary>
public enum LedgerRole { Stripe, Fees, Payouts, Other, Opening, Unattributed, Customer }
