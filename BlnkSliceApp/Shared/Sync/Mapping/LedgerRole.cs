namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// Which ledger balance a posting leg is: one of the install's general-ledger indicators
/// (names in <see cref="SyncPreferences"/>) or the Stripe customer's own balance. The four
/// Stripe* roles mirror Stripe's balances, one per <c>balance_type</c> (see <see cref="StripeBalanceTypes"/>);
/// every posting has exactly one of them on one side.
/// </summary>
public enum LedgerRole
{
    Stripe, Fees, Payouts, Other, Opening, Unattributed, Customer,
    Connect, Issuing, Topups, Tax, ApplicationFees, Reserves,
    StripeIssuing, StripePrefunding, StripeRiskReserved,
}
