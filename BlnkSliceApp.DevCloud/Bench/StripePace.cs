namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>
/// What Stripe and Cloud cost, as the benchmark models them: a Stripe call about 200 ms plus about
/// 1 ms per expanded object (a 100-object page about 300 ms), at most 25 requests a second in test
/// mode (the rest answered 429), and a Cloud call 50 ms. From these it works out, on paper, the two
/// figures a sync is held against: the floor of reading the balance transactions one page after the
/// other, and Blnk's walkthrough way (that reading, then one POST per posting, one after the other).
/// </summary>
sealed record StripePace(int CallMs, int PerExpandedObjectMicros, int RequestsPerSecond, int CloudCallMs)
{
    public const int PageSize = 100;

    public static readonly StripePace TestMode = new(200, 1_000, DevCloud.Stripe.Api.AccountRateLimit.TestModeRequestsPerSecond, 50);

    /// <summary>Reading <paramref name="balanceTransactions"/> expanded, 100 a page, each page waiting for the one before.</summary>
    public TimeSpan SequentialPagingFloor(int balanceTransactions)
    {
        var pages = Math.Max(1, (balanceTransactions + PageSize - 1) / PageSize);
        return TimeSpan.FromMilliseconds(pages * (double)CallMs + balanceTransactions * (PerExpandedObjectMicros / 1000.0));
    }

    /// <summary>The walkthrough's way: the same reading, then each posting on its own POST.</summary>
    public TimeSpan Walkthrough(int balanceTransactions, long postings) =>
        SequentialPagingFloor(balanceTransactions) + TimeSpan.FromMilliseconds(postings * (double)CloudCallMs);

    public string Describe() =>
        $"Stripe {CallMs} ms a call + {PerExpandedObjectMicros / 1000.0:0.#} ms per expanded object, {RequestsPerSecond} requests/s (429 beyond); Cloud {CloudCallMs} ms a call";
}
