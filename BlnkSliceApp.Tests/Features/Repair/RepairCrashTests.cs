using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Features.Repair;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Features.Repair;

/// <summary>
/// The process "dies" while a repair run posts (nothing more is written, as with a kill) and
/// the app restarts over the same database: what the repair recorded is finished by the resumed
/// run, once.
/// </summary>
public sealed class RepairCrashTests(RepairHarness harness) : IClassFixture<RepairHarness>
{
    StripeAccountState Stripe => harness.DevCloud.Stripe!.Account;

    [Theory]
    [InlineData(SyncCrashPoints.AfterBatchMarkedSending)]
    [InlineData(SyncCrashPoints.AfterBatchSent)]
    public async Task A_rule_whose_run_is_killed_while_posting_moves_each_posting_once_after_the_restart(string point)
    {
        var install = await harness.InstallAsync();
        var category = "crash_" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8));
        var txn = Stripe.AddUnmappedActivity(category, "eur", 4_200);
        Assert.Equal(SyncRunStatus.Succeeded, (await harness.SyncAsync(install)).Status);
        var reference = $"stripe:{txn.Id}";
        using (var portal = await harness.OpenPortalAsync(install))
        {
            harness.Service<SyncCrashPoints>().Arm(point);
            await portal.PostAsync(RepairRoutes.Rules, ("category", category), ("balance", "reserves"));
        }
        var crashed = harness.RepairRuns(install).Single();
        Assert.Equal(SyncRunStatus.Running, crashed.Status);

        await harness.DevCloud.RestartAppAsync();
        await BlnkSliceApp.Tests.DevCloud.Eventually.TrueAsync(() => Task.FromResult(
            harness.Item(install, reference + RepairWorkSuffix) is { State: SyncItemState.Posted or SyncItemState.AlreadyPresent }), 60_000);

        Assert.Equal(1, harness.Count(install, reference + RepairWorkSuffix));
        Assert.Equal(1, harness.Count(install, reference));
        Assert.Equal(4_200, harness.Balance(install, "@stripe_reserves", "EUR"));
        Assert.False(harness.Item(install, reference).Unmapped);
    }

    [Fact]
    public async Task A_retry_whose_run_is_killed_after_sending_posts_once_after_the_restart()
    {
        var install = await harness.InstallAsync();
        Assert.Equal(SyncRunStatus.Succeeded, (await harness.SyncAsync(install)).Status);
        harness.Ledger(install).RefuseCurrency("HUF");
        Stripe.AddActivity(new StripeActivityRequest { Payments = 1, Refunds = 0, Payouts = 0, Currency = "huf" });
        await harness.SyncAsync(install);
        var refused = harness.Items(install).Where(item => item.State == SyncItemState.Rejected).ToList();
        Assert.NotEmpty(refused);
        harness.Ledger(install).AllowCurrency("HUF");
        using (var portal = await harness.OpenPortalAsync(install))
        {
            harness.Service<SyncCrashPoints>().Arm(SyncCrashPoints.AfterBatchSent);
            await portal.PostAsync(RepairRoutes.Retry, ("all", "true"));
        }

        await harness.DevCloud.RestartAppAsync();
        await BlnkSliceApp.Tests.DevCloud.Eventually.TrueAsync(() => Task.FromResult(
            refused.All(item => harness.Item(install, item.Reference).State is SyncItemState.Posted or SyncItemState.AlreadyPresent)), 60_000);

        Assert.All(refused, item => Assert.Equal(1, harness.Count(install, item.Reference)));
    }

    const string RepairWorkSuffix = BlnkSliceApp.Shared.Sync.Repair.RepairWork.ReclassSuffix;
}
