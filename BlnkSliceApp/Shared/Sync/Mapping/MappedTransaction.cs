namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// A Stripe balance transaction as the ledger will see it: its amount posting (reference
/// <c>stripe:&lt;id&gt;</c>) and its fee posting (<c>stripe:&lt;id&gt;:fee</c>), zero rows left out.
/// <see cref="Unmapped"/> marks a category the sync has no rule for: posted against
/// @stripe_other so the balance still reconciles, and alerted so nobody misses it.
/// </summary>
public sealed record MappedTransaction(
    string BalanceTransactionId,
    long Created,
    string ReportingCategory,
    bool Unmapped,
    string? CustomerId,
    IReadOnlyList<PlannedPosting> Postings);
