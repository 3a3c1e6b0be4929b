using BlnkSliceApp.DevCloud.Stripe.Objects;

namespace BlnkSliceApp.DevCloud.Stripe.Seeding;

/// <summary>
/// Caps automatic payouts so the available balance never goes below zero, now or later:
/// a payout takes at most a share of the lowest available balance from its time onwards,
/// because a later refund or dispute could otherwise overdraw what an earlier payout swept.
/// What it takes under the cap is up to the caller (whole transactions, see
/// <see cref="StripeAccountState.CreateAutomaticPayout"/>).
/// </summary>
public static class PayoutPlanner
{
    /// <param name="flows">The balance transactions (no payouts) of one currency that the payouts draw on.</param>
    /// <param name="times">When payouts run, oldest first.</param>
    /// <param name="pay">Makes the payout at a time with at most the cap given; returns what it paid (0 when none was made).</param>
    public static void Plan(
        IEnumerable<BalanceTransactionRecord> flows, IReadOnlyList<long> times, string currency, Func<long, long, long> pay, int sharePercent = 85)
    {
        var events = flows.Select(t => (t.AvailableOn, t.Net)).OrderBy(e => e.AvailableOn).ToArray();
        var running = new long[events.Length];
        long sum = 0;
        for (var i = 0; i < events.Length; i++) running[i] = sum += events[i].Net;

        var suffixMin = new long[events.Length + 1];
        suffixMin[events.Length] = long.MaxValue;
        for (var i = events.Length - 1; i >= 0; i--) suffixMin[i] = Math.Min(running[i], suffixMin[i + 1]);

        var minimum = 100 * CurrencyRules.Granularity(currency);
        long paid = 0;
        foreach (var at in times)
        {
            var next = FirstAfter(events, at);
            var availableAt = next > 0 ? running[next - 1] : 0;
            var lowestFromHere = Math.Min(availableAt, suffixMin[next]) - paid;
            var cap = CurrencyRules.RoundToStep(lowestFromHere * sharePercent / 100, currency);
            if (cap < minimum) continue;
            paid += pay(at, cap);
        }
    }

    static int FirstAfter((long AvailableOn, long Net)[] events, long at)
    {
        int lo = 0, hi = events.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (events[mid].AvailableOn <= at) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Weekly payout times per currency, staggered by a few hours between currencies.</summary>
    public static IReadOnlyList<long> Weekly(long from, long until, int currencyIndex)
    {
        var times = new List<long>();
        for (var at = from + 6 * StripeAccountState.Day + currencyIndex * 3_600; at < until; at += 7 * StripeAccountState.Day)
            times.Add(at);
        return times;
    }
}
