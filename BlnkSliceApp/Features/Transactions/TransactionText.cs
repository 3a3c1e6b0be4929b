using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Features.Transactions;

/// <summary>Where a posting stands, in the words of the Transactions view, the CSV and Repair.</summary>
public enum PostingStatus { Posted, Refused, Unmapped, Waiting, InFlight }

/// <summary>Words for a synced posting: its status, its direction, its amount.</summary>
public static class TransactionText
{
    public static PostingStatus Status(SyncItemRecord item) => item.State switch
    {
        SyncItemState.Rejected => PostingStatus.Refused,
        SyncItemState.Planned => PostingStatus.Waiting,
        SyncItemState.Sending => PostingStatus.InFlight,
        _ when item.Unmapped => PostingStatus.Unmapped,
        _ => PostingStatus.Posted,
    };

    public static string Label(PostingStatus status) => status switch
    {
        PostingStatus.Posted => "Posted",
        PostingStatus.Refused => "Refused",
        PostingStatus.Unmapped => "Unmapped",
        PostingStatus.Waiting => "Waiting",
        PostingStatus.InFlight => "In flight",
        _ => status.ToString(),
    };

    /// <summary>The status for files: lower case, one word.</summary>
    public static string Code(PostingStatus status) => status switch
    {
        PostingStatus.InFlight => "in_flight",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string BadgeClass(PostingStatus status) => status switch
    {
        PostingStatus.Posted => "badge-succeeded",
        PostingStatus.Refused => "badge-failed",
        PostingStatus.Unmapped => "badge-warning",
        PostingStatus.InFlight => "badge-running",
        _ => "badge-neutral",
    };

    /// <summary>What the status means for this posting, in a sentence.</summary>
    public static string Explain(SyncItemRecord item, SyncPreferences preferences) => Status(item) switch
    {
        PostingStatus.Refused => $"Blnk refused it: {item.RejectionReason ?? "no reason given"}",
        PostingStatus.Unmapped when MappingRules.For(item.Category) is not null =>
            $"Posted to {preferences.OtherIndicator} and raised for a look: activity of the category \"{item.Category}\" is checked one by one in Stripe.",
        PostingStatus.Unmapped => $"Posted to {preferences.OtherIndicator}: the app has no rule for the category \"{item.Category}\" yet (see Repair).",
        PostingStatus.Posted when item.ReclassifiedTo is { } moved =>
            $"Posted to {preferences.OtherIndicator}, then moved to {preferences.Indicator(moved)} by {item.Reference}:reclass (a rule set under Repair).",
        PostingStatus.Posted when item.Part == "reclass" =>
            "A re-classification: a rule set under Repair moved the amount out of the \"other\" balance.",
        PostingStatus.Waiting => "Recorded; the next run posts it.",
        PostingStatus.InFlight => "Sent to Blnk; the run is confirming it.",
        _ when item.State == SyncItemState.AlreadyPresent => "Found in the ledger already (posted before), so not posted again.",
        _ => "In the ledger.",
    };

    /// <summary>
    /// "in" when the posting adds to Stripe's balance (a pay-in), "out" when it takes from it (a
    /// refund, a fee, a payout), "moved" when neither side is a Stripe balance (a re-classification).
    /// </summary>
    public static string Direction(SyncItemRecord item) =>
        PlannedPosting.EffectOnStripe(item.Source, item.Destination, item.PreciseAmount) switch
        {
            > 0 => "in",
            < 0 => "out",
            _ => "moved",
        };

    public static string DirectionLabel(SyncItemRecord item) => Direction(item) switch
    {
        "in" => "In",
        "out" => "Out",
        _ => "Moved",
    };

    public static string Amount(SyncItemRecord item) => MoneyText.Format(item.PreciseAmount, item.Precision, item.Currency);

    /// <summary>The ledger balance a leg names: an indicator, or the customer's own balance.</summary>
    public static string Balance(LedgerRole role, SyncItemRecord item, SyncPreferences preferences) =>
        role == LedgerRole.Customer && item.CustomerId is { } customer ? $"customer {customer}" : preferences.Indicator(role);

    /// <summary>The part of its balance transaction: "amount", "fee", "fee:tax"...</summary>
    public static string Part(SyncItemRecord item) =>
        item.Part is { Length: > 0 } part ? part
        : item.Reference.EndsWith(":fee", StringComparison.Ordinal) ? "fee"
        : "amount";
}
