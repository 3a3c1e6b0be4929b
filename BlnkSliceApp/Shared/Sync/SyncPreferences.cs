using LiteDB;

namespace BlnkSliceApp.Shared.Sync;

/// <summary>
/// Per-install choices the sync honours: the indicator names of its general-ledger balances
/// and where the first run starts. Edited by the SyncSettings slice, read by the engine.
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

    /// <summary>
    /// Off by default: Stripe does not verify customers' emails, so an email alone must not decide
    /// which existing Blnk identity receives a customer's money. When on, a Stripe customer not
    /// linked otherwise is linked to the one identity with its email.
    /// </summary>
    public bool LinkByEmail { get; set; }

    /// <summary>Unix seconds the first run reads from; null means SYNC_BACKFILL_DAYS before the first run.</summary>
    public long? BackfillFrom { get; set; }

    public long UpdatedAt { get; set; }

    public static SyncPreferences Defaults(string installedAppId) => new() { InstalledAppId = installedAppId };
}
