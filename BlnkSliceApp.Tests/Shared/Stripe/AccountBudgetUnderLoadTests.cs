using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.Shared.Sync.Engine;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>
/// DevCloud whose emulated Stripe account starts small and enforces Stripe's test-mode limit
/// (25 requests a second over every key), with the app on its default budget (20 a second).
/// </summary>
public sealed class SharedAccountHarness : DevCloudApp
{
    protected override void Configure(Dictionary<string, string?> appSettings) =>
        appSettings["RateLimits:PortalEnterPerMinute"] = "100000";

    protected override void Configure(DevCloudOptions options)
    {
        options.SeedStripeAccount = false;
        options.StripeRequestsPerSecond = 25;
    }

    public Task<DevCloudInstall> InstallAsync() => InstallLiveAsync([]);
}

public sealed class AccountBudgetUnderLoadTests(SharedAccountHarness harness) : IClassFixture<SharedAccountHarness>
{
    [Fact]
    public async Task Fifty_concurrent_runs_of_one_Stripe_account_through_four_keys_never_exceed_the_account_s_budget()
    {
        var stripe = harness.DevCloud.Stripe!;
        stripe.Account.AddActivity(new StripeActivityRequest { Customers = 1, Payments = 6, Refunds = 1, Payouts = 1 });
        // Three installs in four bring a restricted key of their own; the rest use the server's key.
        string[] ownKeys = ["rk_test_" + new string('A', 40), "rk_test_" + new string('B', 40), "rk_test_" + new string('C', 40)];
        foreach (var key in ownKeys)
            stripe.Keys.RegisterRestrictedKey(key);
        var installs = new List<DevCloudInstall>();
        for (var i = 0; i < 50; i++)
        {
            var install = await harness.InstallAsync();
            if (i % 4 != 3)
                harness.Service<StripeKeys>().Save(install.InstalledAppId, ownKeys[i % 4], stripe.AccountId, live: false);
            installs.Add(install);
        }
        // Which account the server's key belongs to is asked once per process, under the key itself
        // (the portal's Stripe panel asks it): from then on its calls count under the account.
        await harness.Service<StripeGateway>().AccountIdAsync(StripeCredentials.FromKey(stripe.SecretKey, null, StripeKeySource.Environment), CancellationToken.None);
        stripe.RateLimit.ResetFigures();
        var requestsBefore = stripe.RequestCount;

        var starts = installs.Select(install => harness.Service<ISyncLauncher>().Start(install.InstalledAppId, SyncTrigger.Manual)).ToList();
        Assert.All(starts, start => Assert.True(start.Started, start.RefusalMessage));
        var runs = new List<SyncRunRecord>();
        foreach (var start in starts)
            runs.Add(await FinishedAsync(start.Run!.RunId));

        Assert.All(runs, run => Assert.True(run.Status == SyncRunStatus.Succeeded, $"run {run.RunId}: {run.Status} {string.Join("; ", run.Errors)}"));
        var figures = stripe.RateLimit.Figures();
        Assert.True(stripe.RequestCount - requestsBefore >= 100, $"only {stripe.RequestCount - requestsBefore} Stripe calls: the runs did not load the account");
        Assert.True(figures.Limited == 0, $"{figures.Limited} limited, peak {figures.PeakPerSecond}, {stripe.RequestCount - requestsBefore} calls");
        Assert.True(figures.PeakPerSecond <= 20, $"Stripe received {figures.PeakPerSecond} requests within one second; the account's budget is 20");
    }

    async Task<SyncRunRecord> FinishedAsync(string runId)
    {
        SyncRunRecord? run = null;
        await BlnkSliceApp.Tests.DevCloud.Eventually.TrueAsync(() => Task.FromResult((run = harness.Service<SyncRuns>().Get(runId)) is { IsFinished: true }), 240_000);
        return run!;
    }
}
