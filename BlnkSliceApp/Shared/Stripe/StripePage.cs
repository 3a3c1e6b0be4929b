namespace BlnkSliceApp.Shared.Stripe;

/// <summary>One page of a Stripe list, in Stripe's order; the next page starts after the last item.</summary>
public sealed record StripePage<T>(IReadOnlyList<T> Items, bool HasMore);

/// <summary>The outcome of checking a key against Stripe before it is saved.</summary>
/// <remarks><see cref="StripeUnavailable"/>: Stripe could not give an answer (outage, time-out), so the key is neither good nor bad.</remarks>
public sealed record StripeKeyCheck(bool Valid, string? AccountId, bool Live, string? Reason, bool StripeUnavailable = false)
{
    public static StripeKeyCheck Accepted(string accountId, bool live) => new(true, accountId, live, null);
    public static StripeKeyCheck Refused(string reason, bool live) => new(false, null, live, reason);
    public static StripeKeyCheck Unreachable(string reason, bool live) => new(false, null, live, reason, StripeUnavailable: true);
}
