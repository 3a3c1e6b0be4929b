namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// A Stripe balance transaction as the sync reads it: only the fields the mapping, the listing and
/// the payouts use. The listings read pages of these straight from Stripe's JSON
/// (<see cref="BalanceTransactionPageReader"/>): Stripe.net's model built a large object graph per
/// page and kept the runtime compiling its reflection stubs for the whole run.
/// </summary>
public sealed record StripeBalanceTransaction
{
    public required string Id { get; init; }

    /// <summary>Signed, in the currency's minor units; a negative amount left the Stripe balance.</summary>
    public long Amount { get; init; }

    public long Fee { get; init; }
    public long Net { get; init; }

    /// <summary>Lower case, as Stripe sends it.</summary>
    public required string Currency { get; init; }

    public string? Type { get; init; }
    public string? ReportingCategory { get; init; }
    public string? BalanceType { get; init; }
    public string? Description { get; init; }

    /// <summary>Unix seconds.</summary>
    public long Created { get; init; }

    public IReadOnlyList<StripeFeeDetail> FeeDetails { get; init; } = [];

    /// <summary>The source's id, whether Stripe expanded it or not.</summary>
    public string? SourceId { get; init; }

    /// <summary>
    /// The expanded source, when it is one of the kinds the sync reads (charge, refund, dispute,
    /// payout); null for an id alone and for every other kind, whose id is all the sync uses.
    /// (Stripe.net 53 gave no object for a PaymentIntent here either: it is not one of its
    /// balance transaction sources.)
    /// </summary>
    public StripeSource? Source { get; init; }
}

/// <summary>One part of a balance transaction's fee; the parts add up to at most <c>fee</c>.</summary>
public sealed record StripeFeeDetail(string? Type, long Amount, string? Application = null);
