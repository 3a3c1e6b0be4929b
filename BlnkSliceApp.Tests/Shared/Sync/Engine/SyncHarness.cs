using System.Globalization;
using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Shared.Sync.Engine;

/// <summary>
/// DevCloud with its Stripe emulator and the app, for one test class: each test installs into
/// its own instance (its own ledger) and syncs the shared emulated Stripe account.
/// </summary>
public sealed class SyncHarness : DevCloudApp
{
    public IServiceProvider App => DevCloud.AppServices!;

    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        appSettings["RateLimits:PortalEnterPerMinute"] = "100000";
        // Stripe's own limit is not what these tests are about.
        appSettings["Stripe:TestRequestsPerSecond"] = "1000";
    }

    public Task<DevCloudInstall> InstallAsync(params string[] scopes) => InstallLiveAsync(scopes);

    /// <summary>The first run reads the whole emulated account instead of the last 90 days.</summary>
    public void BackfillEverything(DevCloudInstall install, bool linkByEmail = false)
    {
        var preferences = SyncPreferences.Defaults(install.InstalledAppId);
        preferences.BackfillFrom = DevCloud.Stripe!.Account.Anchor - 400 * 86_400L;
        preferences.LinkByEmail = linkByEmail;
        Service<AppDatabase>().Collection<SyncPreferences>(SyncPreferences.Collection).Upsert(preferences);
    }

    public SyncRunRecord Start(DevCloudInstall install)
    {
        var start = Service<ISyncLauncher>().Start(install.InstalledAppId, SyncTrigger.Manual);
        Assert.True(start.Started, start.RefusalMessage);
        return start.Run!;
    }

    public async Task<SyncRunRecord> SyncAsync(DevCloudInstall install, int timeoutMs = 90_000)
    {
        var run = Start(install);
        return await FinishedAsync(run.RunId, timeoutMs);
    }

    public async Task<SyncRunRecord> FinishedAsync(string runId, int timeoutMs = 90_000)
    {
        SyncRunRecord? run = null;
        await DevCloud_Eventually(() => (run = Service<SyncRuns>().Get(runId)) is { IsFinished: true }, timeoutMs);
        return run!;
    }

    /// <summary>The latest run of the install once it has finished (after a restart, the resumed one).</summary>
    public async Task<SyncRunRecord> LatestFinishedAsync(DevCloudInstall install, int timeoutMs = 90_000)
    {
        SyncRunRecord? latest = null;
        await DevCloud_Eventually(() =>
        {
            latest = Service<AppDatabase>().Collection<SyncRunRecord>(SyncRunRecord.Collection)
                .Find(run => run.InstalledAppId == install.InstalledAppId)
                .OrderByDescending(run => run.StartedAt).ThenByDescending(run => run.RunId)
                .FirstOrDefault();
            return latest is { IsFinished: true, Status: not SyncRunStatus.Interrupted };
        }, timeoutMs);
        return latest!;
    }

    /// <summary>Waits until a run armed to "die" has: no longer worked on, yet the database still says Running.</summary>
    public async Task StuckAsync(string runId, int timeoutMs = 90_000)
    {
        var launcher = Service<SyncLauncher>();
        var runs = Service<SyncRuns>();
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!(runs.Get(runId)?.Status == SyncRunStatus.Running && launcher.ActiveRunId(runs.Get(runId)!.InstalledAppId) is null))
        {
            Assert.True(DateTime.UtcNow < deadline, "the run never reached the crash point");
            Assert.NotEqual(SyncRunStatus.Succeeded, runs.Get(runId)?.Status);
            await Task.Delay(20);
        }
    }

    static async Task DevCloud_Eventually(Func<bool> condition, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"The sync did not finish within {timeoutMs} ms.");
            await Task.Delay(50);
        }
    }

    public InstanceLedger Ledger(DevCloudInstall install) => DevCloud.Ledger(install.InstanceId);

    public IReadOnlyList<JsonObject> Transactions(DevCloudInstall install) => Ledger(install).Snapshot(DataResource.Transactions);

    /// <summary>The default mirror of each of Stripe's balances.</summary>
    public static readonly IReadOnlyDictionary<string, string> Mirrors = new Dictionary<string, string>
    {
        ["payments"] = "@stripe",
        ["issuing"] = "@stripe_issuing_balance",
        ["refund_and_dispute_prefunding"] = "@stripe_prefunding_balance",
    };

    /// <summary>Minus the balance of an indicator (@stripe by default) per currency, in minor units.</summary>
    public Dictionary<string, long> StripeMirror(DevCloudInstall install, string indicator = "@stripe") =>
        IndicatorBalances(install, indicator).ToDictionary(pair => pair.Key, pair => -pair.Value);

    /// <summary>The balance of an indicator per currency, in minor units.</summary>
    public Dictionary<string, long> IndicatorBalances(DevCloudInstall install, string indicator) =>
        Ledger(install).Snapshot(DataResource.Balances)
            .Where(b => (string?)b["indicator"] == indicator)
            .ToDictionary(b => (string)b["currency"]!, b => Number(b["balance"]));

    /// <summary>Stripe's balance of one type (available + pending) per currency, upper case, non-zero only.</summary>
    public Dictionary<string, long> StripeBalance(string balanceType = "payments")
    {
        var balance = DevCloud.Stripe!.Account.Balance();
        return balance.AvailableOf(balanceType).Keys.Union(balance.PendingOf(balanceType).Keys)
            .Select(currency => (Currency: currency.ToUpperInvariant(), Amount: balance.Total(balanceType, currency)))
            .Where(pair => pair.Amount != 0)
            .ToDictionary(pair => pair.Currency, pair => pair.Amount);
    }

    /// <summary>Minus each mirror equals Stripe's balance of its type, in every currency.</summary>
    public void AssertLedgerMirrorsStripe(DevCloudInstall install)
    {
        foreach (var (balanceType, indicator) in Mirrors)
        {
            var mirror = StripeMirror(install, indicator).Where(pair => pair.Value != 0).ToDictionary();
            var stripe = StripeBalance(balanceType);
            Assert.True(stripe.OrderBy(p => p.Key).SequenceEqual(mirror.OrderBy(p => p.Key)),
                $"{balanceType}: Stripe {string.Join(", ", stripe.OrderBy(p => p.Key))}; ledger {indicator} {string.Join(", ", mirror.OrderBy(p => p.Key))}");
        }
    }

    /// <summary>
    /// Every reference appears once; no reference of ours is missing for a non-zero balance
    /// transaction: its amount, and each kind of fee in its fee_details under its own reference
    /// (Stripe's fee takes what the details leave unexplained).
    /// </summary>
    public void AssertEveryBalanceTransactionPostedOnce(DevCloudInstall install, long? since = null)
    {
        var byReference = Transactions(install).GroupBy(t => (string)t["reference"]!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(byReference, pair => Assert.Single(pair.Value));
        foreach (var bt in DevCloud.Stripe!.Account.BalanceTransactions.Where(bt => since is null || bt.Created >= since))
        {
            var precision = CurrencyPrecision.For(bt.Currency);
            if (bt.Amount != 0)
            {
                Assert.True(byReference.TryGetValue($"stripe:{bt.Id}", out var rows), $"stripe:{bt.Id} ({bt.ReportingCategory}) was not posted");
                Assert.Equal(Math.Abs(bt.Amount), Number(rows[0]["precise_amount"]));
                Assert.Equal(precision, Number(rows[0]["precision"]));
                Assert.Equal(bt.Currency.ToUpperInvariant(), (string)rows[0]["currency"]!);
            }
            foreach (var (reference, amount) in FeeParts(bt))
            {
                Assert.True(byReference.TryGetValue(reference, out var fees), $"{reference} was not posted");
                Assert.Equal(Math.Abs(amount), Number(fees[0]["precise_amount"]));
            }
        }
    }

    /// <summary>The fee postings a balance transaction owes, by reference, from Stripe's own fee_details.</summary>
    public static IEnumerable<(string Reference, long Amount)> FeeParts(BlnkSliceApp.DevCloud.Stripe.Objects.BalanceTransactionRecord bt) =>
        BlnkSliceApp.DevCloud.Proof.LedgerAudit.FeeParts(bt);

    public static long Number(JsonNode? node) => long.Parse(node!.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
