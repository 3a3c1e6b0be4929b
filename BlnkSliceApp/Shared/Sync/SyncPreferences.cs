using BlnkSliceApp.Shared.Sync.Mapping;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync;

/// <summary>
/// Per-install choices the sync honours: the indicator names of its general-ledger balances
/// and where the first run starts. Edited by the SyncSettings slice, read by the engine. A record
/// saved before an indicator existed reads that indicator's default.
/// </summary>
public sealed class SyncPreferences
{
    public const string Collection = "sync_preferences";

    [BsonId] public string InstalledAppId { get; set; } = "";
    public string StripeIndicator { get; set; } = "@stripe";
    public string FeesIndicator { get; set; } = "@stripe_fees";
    public string PayoutsIndicator { get; set; } = "@stripe_payouts";
    public string OtherIndicator { get; set; } = "@stripe_other";
    public string OpeningIndicator { get; set; } = "@stripe_opening";
    public string UnattributedIndicator { get; set; } = "@stripe_unattributed";

    public string ConnectIndicator { get; set; } = "@stripe_connect";
    public string IssuingIndicator { get; set; } = "@stripe_issuing";
    public string TopupsIndicator { get; set; } = "@stripe_topups";
    public string TaxIndicator { get; set; } = "@stripe_tax";
    public string ApplicationFeesIndicator { get; set; } = "@stripe_application_fees";
    public string ReservesIndicator { get; set; } = "@stripe_reserves";

    /// <summary>Mirrors of Stripe's other balances (balance_type issuing, refund_and_dispute_prefunding, risk_reserved).</summary>
    public string StripeIssuingIndicator { get; set; } = "@stripe_issuing_balance";
    public string StripePrefundingIndicator { get; set; } = "@stripe_prefunding_balance";
    public string StripeRiskReservedIndicator { get; set; } = "@stripe_risk_reserved_balance";

    /// <summary>
    /// Off by default: Stripe does not verify customers' emails, so an email alone must not decide
    /// which existing Blnk identity receives a customer's money. When on, a Stripe customer not
    /// linked otherwise is linked to the one identity with its email.
    /// </summary>
    public bool LinkByEmail { get; set; }

    /// <summary>Unix seconds the first run reads from; null means SYNC_BACKFILL_DAYS before the first run.</summary>
    public long? BackfillFrom { get; set; }

    /// <summary>Minutes between scheduled runs of this install; 0 is off; null follows SYNC_INTERVAL_MINUTES.</summary>
    public int? ScheduleMinutes { get; set; }

    public long UpdatedAt { get; set; }

    public static SyncPreferences Defaults(string installedAppId) => new() { InstalledAppId = installedAppId };

    /// <summary>
    /// The indicator of a general-ledger role. A customer's own balance is not an indicator: for
    /// <see cref="LedgerRole.Customer"/> this is where money goes when no customer is behind it.
    /// </summary>
    public string Indicator(LedgerRole role) => role switch
    {
        LedgerRole.Stripe => StripeIndicator,
        LedgerRole.Fees => FeesIndicator,
        LedgerRole.Payouts => PayoutsIndicator,
        LedgerRole.Other => OtherIndicator,
        LedgerRole.Opening => OpeningIndicator,
        LedgerRole.Connect => ConnectIndicator,
        LedgerRole.Issuing => IssuingIndicator,
        LedgerRole.Topups => TopupsIndicator,
        LedgerRole.Tax => TaxIndicator,
        LedgerRole.ApplicationFees => ApplicationFeesIndicator,
        LedgerRole.Reserves => ReservesIndicator,
        LedgerRole.StripeIssuing => StripeIssuingIndicator,
        LedgerRole.StripePrefunding => StripePrefundingIndicator,
        LedgerRole.StripeRiskReserved => StripeRiskReservedIndicator,
        _ => UnattributedIndicator,
    };

    /// <summary>The indicator mirroring one of Stripe's balances.</summary>
    public string MirrorIndicator(string balanceType) => StripeBalanceTypes.MirrorOf(balanceType) switch
    {
        LedgerRole.StripeIssuing => StripeIssuingIndicator,
        LedgerRole.StripePrefunding => StripePrefundingIndicator,
        LedgerRole.StripeRiskReserved => StripeRiskReservedIndicator,
        _ => StripeIndicator,
    };
}
