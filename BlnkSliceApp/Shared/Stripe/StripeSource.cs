using BlnkSliceApp.Shared.Sync;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// A balance transaction's source as the listing expands it (<c>expand[]=data.source</c>, its
/// charge and the customers behind them), holding only what the sync reads of each kind.
/// </summary>
public abstract record StripeSource
{
    public required string Id { get; init; }
}

/// <summary>A charge (also a non-card payment, <c>py_</c>), as a source or as a refund's or dispute's expanded charge.</summary>
public sealed record StripeSourceCharge : StripeSource
{
    public string? CustomerId { get; init; }

    /// <summary>The customer, when Stripe expanded it (a deleted one as <c>Deleted</c> and its id).</summary>
    public StripeCustomerInfo? Customer { get; init; }

    public string? PaymentIntentId { get; init; }

    /// <summary>The charge's own balance transaction: the pay-in its refunds and disputes adjust.</summary>
    public string? BalanceTransactionId { get; init; }
}

public sealed record StripeSourceRefund : StripeSource
{
    public string? ChargeId { get; init; }

    /// <summary>The refunded charge, when expanded.</summary>
    public StripeSourceCharge? Charge { get; init; }

    public string? PaymentIntentId { get; init; }
    public string? BalanceTransactionId { get; init; }
}

public sealed record StripeSourceDispute : StripeSource
{
    public string? ChargeId { get; init; }
    public StripeSourceCharge? Charge { get; init; }
    public string? PaymentIntentId { get; init; }

    /// <summary>The withdrawal, then (when won) the reversal, as Stripe embeds them.</summary>
    public IReadOnlyList<StripeDisputeTransaction> BalanceTransactions { get; init; } = [];
}

/// <summary>One of the balance transactions a dispute embeds.</summary>
public sealed record StripeDisputeTransaction(string Id, string? ReportingCategory);

/// <summary>
/// A payout as the sync keeps it: expanded in its own balance transaction (or its failure's), or
/// an item of the payouts' list (<see cref="From"/>).
/// </summary>
public sealed record StripeSourcePayout : StripeSource
{
    public long Amount { get; init; }
    public string Currency { get; init; } = "";

    /// <summary>Unix seconds, as <see cref="ArrivalDate"/>.</summary>
    public long Created { get; init; }

    public long ArrivalDate { get; init; }
    public bool Automatic { get; init; }
    public string? Status { get; init; }
    public string? ReconciliationStatus { get; init; }
    public string? TraceIdStatus { get; init; }
    public string? TraceId { get; init; }
    public string? FailureCode { get; init; }
    public string? FailureMessage { get; init; }
    public string? BalanceTransactionId { get; init; }
    public string? FailureBalanceTransactionId { get; init; }

    /// <summary>What Stripe.net's model of a listed payout says, in the same terms.</summary>
    public static StripeSourcePayout From(global::Stripe.Payout payout) => new()
    {
        Id = payout.Id,
        Amount = payout.Amount,
        Currency = payout.Currency ?? "",
        Created = UnixSeconds(payout.Created),
        ArrivalDate = UnixSeconds(payout.ArrivalDate),
        Automatic = payout.Automatic,
        Status = payout.Status,
        ReconciliationStatus = payout.ReconciliationStatus,
        TraceIdStatus = payout.TraceId?.Status,
        TraceId = payout.TraceId?.Value,
        FailureCode = payout.FailureCode,
        FailureMessage = payout.FailureMessage,
        BalanceTransactionId = payout.BalanceTransactionId,
        FailureBalanceTransactionId = payout.FailureBalanceTransactionId,
    };

    static long UnixSeconds(DateTime at) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
