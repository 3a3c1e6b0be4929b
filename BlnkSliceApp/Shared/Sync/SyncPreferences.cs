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

    /// <summary>Unix seconds the first run reads from; null means SYNC_BACKFILL_DAYS before the first run.</summary>
    public long? BackfillFrom { get; set; }

    /// <summary>Minutes between scheduled runs of this install; 0 is off; null follows SYNC_INTERVAL_MINUTES.</summary>
    public int? ScheduleMinutes { get; set; }

    public long UpdatedAt { get; set; }

    public static SyncPreferences Defaults(string installedAppId) => new() { InstalledAppId = installedAppId };
}
