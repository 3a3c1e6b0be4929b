using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Store;

/// <summary>What the sync of one install carries from run to run.</summary>
public sealed class SyncInstallState
{
    public const string Collection = "sync_state";

    [BsonId] public string InstalledAppId { get; set; } = "";

    /// <summary>Stripe "created" (Unix seconds) up to which every balance transaction is recorded; null before the first complete run.</summary>
    public long? Cursor { get; set; }

    /// <summary>The Stripe account this install mirrors; a change of account is refused rather than mixed into one ledger.</summary>
    public string? StripeAccountId { get; set; }

    /// <summary>
    /// Whether that account was mirrored with a live key (true) or a test key (false). Test and
    /// live are two ledgers of one Stripe account id, so a key of the other mode is refused.
    /// </summary>
    public bool? StripeLive { get; set; }

    /// <summary>All customers were listed once into the local cache (a large backfill lists them instead of fetching one by one).</summary>
    public bool CustomersListed { get; set; }

    /// <summary>Stripe's balance per balance type and currency when the first window was fixed, for the opening-balance postings.</summary>
    public List<OpeningAmount>? OpeningBalance { get; set; }

    /// <summary>The opening-balance items are recorded: Stripe's first balance is no longer read again.</summary>
    public bool OpeningRecorded { get; set; }

    /// <summary>
    /// Until the first run completes: per balance type and currency (see
    /// <see cref="Mapping.StripeBalanceTypes.Key"/>), how much the recorded items move Stripe's
    /// balance, kept as pages are recorded, so the opening balance needs no pass over every item.
    /// </summary>
    public Dictionary<string, long> FirstWindowEffect { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The items of the batch handed to Cloud and not yet settled; null when none is in flight.</summary>
    public List<string>? InFlight { get; set; }

    /// <summary>No run so far read past this (the highest window end, Unix seconds); null before the first run.</summary>
    public long? ListedUpTo { get; set; }

    /// <summary>
    /// Where the first window began (Unix seconds): older transactions are in the opening balance,
    /// so no later window (the daily safety run's) may reach before it. Null for states saved before it was kept.
    /// </summary>
    public long? FirstWindowFrom { get; set; }

    /// <summary>The last run that ran to its end (reconciled, cursor moved), and when: what the lag metric measures from.</summary>
    public string? LastCompletedRunId { get; set; }
    public long? LastCompletedAt { get; set; }

    public long UpdatedAt { get; set; }
}

public sealed class OpeningAmount
{
    /// <summary>Stored before other balances were mirrored: the payments balance.</summary>
    public string BalanceType { get; set; } = Mapping.StripeBalanceTypes.Payments;
    public string Currency { get; set; } = "";
    public long Amount { get; set; }
    public long Precision { get; set; }
}

public sealed class SyncStates(AppDatabase database)
{
    ILiteCollection<SyncInstallState> States => database.Collection<SyncInstallState>(SyncInstallState.Collection);

    public SyncInstallState Get(string installedAppId) =>
        States.FindById(installedAppId) ?? new SyncInstallState { InstalledAppId = installedAppId };

    public void Save(SyncInstallState state) => States.Upsert(state);
}
