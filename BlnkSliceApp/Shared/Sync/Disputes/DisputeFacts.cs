namespace BlnkSliceApp.Shared.Sync.Disputes;

/// <summary>Stripe's dispute statuses, and how a dispute reads in an alert (no customer details: ids, amount, reason, status, deadline).</summary>
public static class DisputeFacts
{
    /// <summary>Nothing more can happen to a dispute in these (an inquiry that closed, a chargeback won, lost or prevented).</summary>
    public static bool IsFinal(string status) => status is "won" or "lost" or "warning_closed" or "prevented";

    public static string StatusText(string status) => status switch
    {
        "warning_needs_response" => "an inquiry waiting for your response",
        "warning_under_review" => "an inquiry under review",
        "warning_closed" => "an inquiry that closed without a chargeback",
        "needs_response" => "waiting for your evidence",
        "under_review" => "under review by the card network",
        "won" => "won: the funds and the dispute fee came back",
        "lost" => "lost: the funds stay with the cardholder",
        "prevented" => "prevented",
        _ => status.Replace('_', ' '),
    };

    public static string ReasonText(string reason) => reason.Replace('_', ' ');

    public static string Title(WatchedDispute dispute) =>
        $"Stripe dispute {dispute.DisputeId}: {Money(dispute)}, {(IsFinal(dispute.Status) ? dispute.Status : DueText(dispute) is { } due ? "evidence due " + due : StatusText(dispute.Status))}";

    public static string Description(WatchedDispute dispute, string? customerId, string runId)
    {
        var text = $"Stripe dispute {dispute.DisputeId} on charge {dispute.ChargeId ?? "(unknown)"}"
                   + (customerId is null ? "" : $" of customer {customerId}")
                   + $": {Money(dispute)}, reason \"{ReasonText(dispute.Reason)}\", status {dispute.Status} ({StatusText(dispute.Status)})";
        if (!IsFinal(dispute.Status))
            text += DueText(dispute) is { } due ? $", evidence due by {due}." : ", no evidence deadline.";
        else
            text += ".";
        if (!IsFinal(dispute.Status))
            text += " Respond in the Stripe dashboard before the deadline, or the dispute is lost.";
        return text + $" (Seen by sync run {runId}.)";
    }

    static string Money(WatchedDispute dispute) =>
        MoneyText.Format(dispute.Amount, Stripe.CurrencyPrecision.For(dispute.Currency), dispute.Currency);

    static string? DueText(WatchedDispute dispute) => dispute.EvidenceDueBy is { } due
        ? DateTimeOffset.FromUnixTimeSeconds(due).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)
        : null;
}
