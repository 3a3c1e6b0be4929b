namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// A Stripe balance transaction as the ledger will see it: its amount posting (reference
/// <c>stripe:&lt;id&gt;</c>) and one posting per kind of fee (<c>stripe:&lt;id&gt;:fee</c> for
/// Stripe's own, <c>stripe:&lt;id&gt;:fee:&lt;type&gt;</c> for tax and application fees), zero
/// rows left out. <see cref="Unmapped"/> marks a category the sync has no rule for, or one whose
/// rule asks for a review: posted against @stripe_other so the balance still reconciles, and
/// alerted so nobody misses it.
/// </summary>
public sealed record MappedTransaction(
    string BalanceTransactionId,
    long Created,
    string ReportingCategory,
    bool Unmapped,
    string? CustomerId,
    IReadOnlyList<PlannedPosting> Postings);
