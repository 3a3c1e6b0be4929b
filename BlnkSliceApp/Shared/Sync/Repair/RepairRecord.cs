using BlnkSliceApp.Shared.Sync.Mapping;

namespace BlnkSliceApp.Shared.Sync.Repair;

/// <summary>Retry: refused postings go back to the queue. MapCategory: an unmapped category gets its balance.</summary>
public enum RepairKind { Retry, MapCategory }

/// <summary>
/// What the portal asked a repair run to do (set when the run starts) and what it did (filled in
/// by the run), kept on its <see cref="Runs.SyncRunRecord"/> so the run history tells it.
/// </summary>
public sealed class RepairRecord
{
    public RepairKind Kind { get; set; }

    /// <summary>Retry: the references to retry; empty with <see cref="AllRefused"/>.</summary>
    public List<string> References { get; set; } = [];
    public bool AllRefused { get; set; }

    /// <summary>MapCategory: the reporting category and the balance it now goes to.</summary>
    public string? Category { get; set; }
    public LedgerRole? Balance { get; set; }

    /// <summary>The indicators of the balance and of "other" when the run moved money between them (names can change later).</summary>
    public string? BalanceIndicator { get; set; }
    public string? OtherIndicator { get; set; }

    /// <summary>Refused postings put back in the queue.</summary>
    public int Retried { get; set; }

    /// <summary>Postings already in the ledger under "other" for which a re-classification was recorded.</summary>
    public int Reclassified { get; set; }

    /// <summary>Postings not sent yet (waiting or refused) whose counterparty was changed before they are posted.</summary>
    public int Remapped { get; set; }

    /// <summary>Postings left as they were: not refused any more, or in flight (after a crash) and settled first by the next run.</summary>
    public int Skipped { get; set; }

    /// <summary>Why the run did nothing, in words, when it did nothing.</summary>
    public string? Refusal { get; set; }

    public static RepairRecord Retry(IEnumerable<string> references) => new() { Kind = RepairKind.Retry, References = references.ToList() };

    public static RepairRecord RetryAll() => new() { Kind = RepairKind.Retry, AllRefused = true };

    public static RepairRecord Map(string category, LedgerRole balance) => new() { Kind = RepairKind.MapCategory, Category = category, Balance = balance };
}
