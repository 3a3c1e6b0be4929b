namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>
/// The Stripe events that mean the balance transactions, payouts, customers or disputes the
/// sync reads have changed. Each only starts a run: what the run posts comes from the balance
/// transactions, never from the event.
/// </summary>
public static class WebhookEventTypes
{
    /// <summary>The events to select in Stripe's dashboard, with why, in the order the portal lists them.</summary>
    public static readonly IReadOnlyList<(string Type, string Why)> ToSelect =
    [
        ("balance.available", "funds became available"),
        ("charge.succeeded", "a pay-in"),
        ("charge.captured", "a captured authorisation (and its released part)"),
        ("charge.refunded", "a refund"),
        ("charge.refund.updated", "a refund that failed later"),
        ("charge.failed", "a bank debit that failed"),
        ("charge.dispute.created", "a new dispute"),
        ("charge.dispute.updated", "a dispute's evidence or status"),
        ("charge.dispute.closed", "a dispute won or lost"),
        ("charge.dispute.funds_withdrawn", "a dispute's withdrawal"),
        ("charge.dispute.funds_reinstated", "a won dispute's reversal"),
        ("payout.created", "a payout"),
        ("payout.updated", "a payout's arrival date"),
        ("payout.paid", "a payout that arrived"),
        ("payout.failed", "a payout the bank returned"),
        ("payout.canceled", "a payout canceled"),
        ("payout.reconciliation_completed", "a payout's transactions worked out"),
        ("customer.updated", "a customer's new email or name"),
        ("customer.deleted", "a customer deleted"),
        ("topup.succeeded", "a top-up"),
        ("topup.reversed", "a top-up reversed"),
        ("transfer.created", "a Connect transfer"),
        ("transfer.reversed", "a Connect transfer reversed"),
        ("application_fee.created", "an application fee earned"),
        ("application_fee.refunded", "an application fee refunded"),
    ];

    static readonly HashSet<string> Relevant = ToSelect.Select(e => e.Type).ToHashSet(StringComparer.Ordinal);

    /// <summary>Events outside the list are accepted (Stripe sends what the user selected) and start nothing.</summary>
    public static bool StartsRun(string? type) => type is not null && Relevant.Contains(type);
}
