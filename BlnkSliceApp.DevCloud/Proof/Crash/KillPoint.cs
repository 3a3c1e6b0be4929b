using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.Shared.Sync.Engine;

namespace BlnkSliceApp.DevCloud.Proof.Crash;

/// <summary>
/// Where the crash proof SIGKILLs the app: either the app kills itself at one of the engine's
/// named points (<see cref="KillAt"/>, through <c>SYNC_KILL_AT</c>), or DevCloud kills it when
/// the n-th matching call reaches Cloud or Stripe (<see cref="Arm"/>), so the app dies with
/// that call in flight. Calls are counted from the start of the killed run.
/// </summary>
public sealed record KillPoint(string Name, string Phase)
{
    public string? KillAt { get; init; }
    public Action<DevCloudHandle, Func<Task>>? Arm { get; init; }

    /// <summary>Settings of the killed process only (its restart runs without them).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>
    /// Pages of 20 make every part of a partitioned first listing several pages long; the
    /// restarted app reads 100 a page, which a part's cursor (a transaction id) does not mind.
    /// </summary>
    static readonly IReadOnlyDictionary<string, string> SmallPages = new Dictionary<string, string> { ["Stripe__ListPageSize"] = "20" };

    static KillPoint TwoPartsHalfRead => new("two parts of a partitioned listing half read", "listing")
    {
        KillAt = $"{SyncCrashPoints.AfterPageWithRangesHalfRead}:2",
        Environment = SmallPages,
    };

    /// <summary>A payout whose transactions were posted before Stripe listed them: the run that tags them is the one killed.</summary>
    public bool NeedsPostedPayout { get; init; }

    static Action<DevCloudHandle, Func<Task>> Cloud(string method, Func<string, bool> target, int occurrence, TrapMoment moment) =>
        (devCloud, kill) => devCloud.CloudTrap.Set((m, t) => m == method && target(t), occurrence, moment, kill);

    static Action<DevCloudHandle, Func<Task>> Stripe(Func<string, bool> target, int occurrence) =>
        (devCloud, kill) => devCloud.Stripe!.Trap.Set((m, t) => m == "GET" && target(t), occurrence, TrapMoment.OnArrival, kill);

    static bool Listing(string target) => target.StartsWith("/v1/balance_transactions", StringComparison.Ordinal) && !target.Contains("payout=", StringComparison.Ordinal);
    static bool PayoutListing(string target) => target.StartsWith("/v1/balance_transactions", StringComparison.Ordinal) && target.Contains("payout=", StringComparison.Ordinal);
    static bool Bulk(string target) => target.StartsWith("/proxy/transactions/bulk", StringComparison.Ordinal);

    /// <summary>Eleven points over a 5,000-item first sync (about 19 bulk calls of 500 postings, 50 Stripe pages).</summary>
    public static IReadOnlyList<KillPoint> Full =>
    [
        new("a balance-transaction page in flight", "listing") { Arm = Stripe(Listing, 12) },
        new("just after a page was recorded", "listing") { KillAt = $"{SyncCrashPoints.AfterPageRecorded}:30" },
        TwoPartsHalfRead,
        new("an identity created, its answer in flight", "linking") { Arm = Cloud("POST", t => t.StartsWith("/proxy/identities", StringComparison.Ordinal), 40, TrapMoment.AfterApplied) },
        new("a customer balance's creation arriving", "linking") { Arm = Cloud("POST", t => t.StartsWith("/proxy/balances", StringComparison.Ordinal), 150, TrapMoment.OnArrival) },
        new("a payout's transactions page in flight", "payout reconciliation") { Arm = Stripe(PayoutListing, 5) },
        new("a batch recorded in flight, not sent", "posting") { KillAt = $"{SyncCrashPoints.AfterBatchMarkedSending}:3" },
        new("a bulk call arriving at Cloud", "posting") { Arm = Cloud("POST", Bulk, 6, TrapMoment.OnArrival) },
        new("a bulk call carried out, its answer in flight", "posting") { Arm = Cloud("POST", Bulk, 9, TrapMoment.AfterApplied) },
        new("a bulk answer received, not recorded", "between posting and recording") { KillAt = $"{SyncCrashPoints.AfterBatchSent}:12" },
        new("a payout id written to a posting, its answer in flight", "payout tagging") { NeedsPostedPayout = true, Arm = Cloud("POST", t => t.Contains("/metadata", StringComparison.Ordinal), 3, TrapMoment.AfterApplied) },
    ];

    /// <summary>Four points for the test suite over a few hundred items (two bulk calls).</summary>
    public static IReadOnlyList<KillPoint> Quick =>
    [
        new("a balance-transaction page in flight", "listing") { Arm = Stripe(Listing, 2) },
        TwoPartsHalfRead,
        new("a bulk call carried out, its answer in flight", "posting") { Arm = Cloud("POST", Bulk, 1, TrapMoment.AfterApplied) },
        new("a bulk answer received, not recorded", "between posting and recording") { KillAt = $"{SyncCrashPoints.AfterBatchSent}:2" },
    ];
}
