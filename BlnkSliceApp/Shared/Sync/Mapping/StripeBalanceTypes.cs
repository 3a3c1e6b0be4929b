namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// Stripe keeps separate balances, named by a balance transaction's <c>balance_type</c>: the
/// payments balance (what <c>available</c> and <c>pending</c> of GET /v1/balance hold), the
/// Issuing balance, the refund-and-dispute prefunding balance and the risk reserve. Each has
/// its own mirror in the ledger, so each reconciles on its own.
/// </summary>
public static class StripeBalanceTypes
{
    public const string Payments = "payments";
    public const string Issuing = "issuing";
    public const string RefundAndDisputePrefunding = "refund_and_dispute_prefunding";
    public const string RiskReserved = "risk_reserved";

    /// <summary>The balance types GET /v1/balance reports, so the reconciliation can compare them.</summary>
    public static readonly IReadOnlyList<string> Reconciled = [Payments, Issuing, RefundAndDisputePrefunding];

    /// <summary>The mirror of a balance type; null for one Stripe has not documented.</summary>
    public static LedgerRole? MirrorOf(string? balanceType) => (balanceType ?? Payments) switch
    {
        Payments or "" => LedgerRole.Stripe,
        Issuing => LedgerRole.StripeIssuing,
        RefundAndDisputePrefunding => LedgerRole.StripePrefunding,
        RiskReserved => LedgerRole.StripeRiskReserved,
        _ => null,
    };

    public static bool IsMirror(LedgerRole role) =>
        role is LedgerRole.Stripe or LedgerRole.StripeIssuing or LedgerRole.StripePrefunding or LedgerRole.StripeRiskReserved;

    public static string BalanceTypeOf(LedgerRole mirror) => mirror switch
    {
        LedgerRole.StripeIssuing => Issuing,
        LedgerRole.StripePrefunding => RefundAndDisputePrefunding,
        LedgerRole.StripeRiskReserved => RiskReserved,
        _ => Payments,
    };

    /// <summary>The mirror a posting moves (its source or destination), Stripe when neither side is one.</summary>
    public static LedgerRole MirrorIn(LedgerRole source, LedgerRole destination) =>
        IsMirror(source) ? source : IsMirror(destination) ? destination : LedgerRole.Stripe;

    /// <summary>
    /// Key of a (balance type, currency) pair: the payments balance keeps the bare currency, as
    /// stored by versions that knew no other balance, so existing state and alerts stay valid.
    /// </summary>
    public static string Key(string balanceType, string currency) =>
        balanceType == Payments ? currency : $"{balanceType}:{currency}";

    /// <summary>Words for a balance type in texts ("Issuing balance").</summary>
    public static string Describe(string balanceType) => balanceType switch
    {
        Payments => "payments balance",
        Issuing => "Issuing balance",
        RefundAndDisputePrefunding => "refund and dispute prefunding balance",
        RiskReserved => "risk reserve balance",
        _ => $"{balanceType.Replace('_', ' ')} balance",
    };
}
