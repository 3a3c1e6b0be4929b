using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Runs;

/// <summary>
/// What started a run. Webhook: a Stripe event (debounced); Safety: the daily re-read of the last
/// days; Repair: a retry or a category rule from the portal's Repair view, which reads nothing
/// from Stripe's history and posts only what is waiting (see <see cref="SyncRunRecord.Repair"/>).
/// </summary>
public enum SyncTrigger { Manual, Schedule, Resume, Webhook, Safety, Repair }

public enum SyncRunStatus { Running, Succeeded, Failed, Cancelled, Interrupted }

/// <summary>
/// One sync run of one install: what started it, how far it got, what it found. Written by
/// the engine at least once per batch; read by the portal.
/// </summary>
public sealed class SyncRunRecord
{
    public const string Collection = "sync_runs";

    [BsonId] public string RunId { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public SyncTrigger Trigger { get; set; }
    public SyncRunStatus Status { get; set; }
    public long StartedAt { get; set; }
    public long? EndedAt { get; set; }
    public long UpdatedAt { get; set; }

    /// <summary>What the run is doing now, in words ("Reading Stripe", "Posting to the ledger").</summary>
    public string Phase { get; set; } = "";

    /// <summary>Stripe "created" window this run reads, Unix seconds: [WindowFrom, WindowTo).</summary>
    public long WindowFrom { get; set; }
    public long WindowTo { get; set; }

    /// <summary>
    /// Resume point of a listing stored by a version that read the window as one part (a balance
    /// transaction id); runs now keep theirs in <see cref="Ranges"/>.
    /// </summary>
    public string? ListingCursor { get; set; }
    public bool ListingDone { get; set; }

    /// <summary>The parts of the window still to list (side by side), each with its own resume point; null until the listing starts, empty once it is done.</summary>
    public List<ListingRange>? Ranges { get; set; }

    /// <summary>
    /// Balance transactions created before this (Unix seconds) may have been recorded by an
    /// earlier run and are looked up before being recorded; later ones cannot have been, and
    /// are recorded without a look-up. Fixed with the window, so a resumed run keeps it.
    /// </summary>
    public long RecordedBefore { get; set; } = long.MaxValue;

    public SyncCounts Counts { get; set; } = new();

    /// <summary>
    /// Postings owed to Blnk before this run recorded any (an earlier run's leftovers, or what a
    /// repair put back): with <see cref="SyncCounts.Recorded"/>, what the run has to post, known
    /// without counting the queue while it posts. Null on runs of versions that did not keep it.
    /// </summary>
    public int? PendingBefore { get; set; }
    public List<CategoryTotal> Totals { get; set; } = [];
    public List<ReconciliationLine> Reconciliation { get; set; } = [];

    /// <summary>Problems in words a finance person understands; never secrets.</summary>
    public List<string> Errors { get; set; } = [];

    /// <summary>What a <see cref="SyncTrigger.Repair"/> run was asked to do and what it did; null for other runs.</summary>
    public Repair.RepairRecord? Repair { get; set; }

    public bool IsFinished => Status is not SyncRunStatus.Running;
}

public sealed class SyncCounts
{
    public int Fetched { get; set; }
    /// <summary>Postings this run recorded (stored with the page or balance that produced them).</summary>
    public int Recorded { get; set; }
    public int Posted { get; set; }
    public int AlreadyPresent { get; set; }
    public int Failed { get; set; }
    public int CustomersLinked { get; set; }
    public int CustomersCreated { get; set; }
    /// <summary>Identities brought up to date because their Stripe customer changed (email, name, deletion).</summary>
    public int CustomersUpdated { get; set; }
    /// <summary>Disputes seen for the first time or changed (status, amount, reason, evidence deadline).</summary>
    public int DisputesChanged { get; set; }
}

/// <summary>Sum of the postings of one reporting category in one currency, in minor units.</summary>
public sealed class CategoryTotal
{
    public string Category { get; set; } = "";
    public string Currency { get; set; } = "";
    public int Count { get; set; }
    public long PreciseAmount { get; set; }
    public long Precision { get; set; }
}

/// <summary>Stripe's balance against minus its mirror (@stripe for payments), per balance type and currency, in minor units.</summary>
public sealed class ReconciliationLine
{
    /// <summary>Which of Stripe's balances ("payments" for runs recorded before the others were compared).</summary>
    public string BalanceType { get; set; } = Mapping.StripeBalanceTypes.Payments;
    public string Currency { get; set; } = "";
    public long Precision { get; set; }
    public long StripeAmount { get; set; }
    public long LedgerAmount { get; set; }
    public long Difference => StripeAmount - LedgerAmount;
    public bool Matches => Difference == 0;
    /// <summary>The Cloud alert raised or updated for a difference, when alerts:write is granted.</summary>
    public string? AlertId { get; set; }
}
