using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Features.Repair;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Repair;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Features.Repair;

/// <summary>
/// A Stripe category the mapping table does not know, mapped to a balance from the Repair view:
/// what "other" holds is moved once by a re-classification posting, later activity follows the
/// rule, and a saved rule is not changed.
/// </summary>
public sealed class RuleJourneyTests(RepairHarness harness) : IClassFixture<RepairHarness>
{
    StripeAccountState Stripe => harness.DevCloud.Stripe!.Account;

    /// <summary>A category name no other test uses (the emulated account is shared by the class).</summary>
    static string NewCategory() => "repair_" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8));

    async Task<(DevCloudInstall Install, string Category, SyncItemRecord Item)> UnmappedAsync(long amount = 2_500)
    {
        var install = await harness.InstallAsync();
        var category = NewCategory();
        var txn = Stripe.AddUnmappedActivity(category, "usd", amount);
        var run = await harness.SyncAsync(install);
        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        var item = harness.Item(install, $"stripe:{txn.Id}");
        Assert.True(item.Unmapped);
        Assert.Equal(LedgerRole.Other, item.Destination);
        return (install, category, item);
    }

    [Fact]
    public async Task Mapping_a_category_moves_what_other_holds_once_and_later_activity_goes_to_the_balance_directly()
    {
        var (install, category, item) = await UnmappedAsync();
        using var portal = await harness.OpenPortalAsync(install);
        var (_, listed, _) = await portal.GetAsync(RepairRoutes.Panel);
        var row = listed.AllByTestId("repair-category").Single(c => c.GetAttribute("data-category") == category);
        Assert.Equal("1 transaction", Html.Clean(row.ByTestId("repair-category-count")!.TextContent));
        Assert.Equal("25.00 USD", Html.Clean(row.ByTestId("repair-category-totals")!.TextContent));
        var otherBefore = harness.Balance(install, "@stripe_other", "USD");
        var feesBefore = harness.Balance(install, "@stripe_fees", "USD");

        var (status, answered, response) = await portal.PostAsync(RepairRoutes.Rules, ("category", category), ("balance", "fees"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith($"Saved: \"{category}\" now goes to @stripe_fees. 1 posting moved from @stripe_other", answered.TextOf("repair-notice"));
        Assert.Contains(BlnkSliceApp.Shared.Portal.PortalEvents.RepairDone, response.Trigger());
        var reclass = item.Reference + ":reclass";
        Assert.Equal(1, harness.Count(install, reclass));
        Assert.Equal(otherBefore - 2_500, harness.Balance(install, "@stripe_other", "USD"));
        Assert.Equal(feesBefore + 2_500, harness.Balance(install, "@stripe_fees", "USD"));
        Assert.DoesNotContain(answered.AllByTestId("repair-category"), c => c.GetAttribute("data-category") == category);
        Assert.Equal(LedgerRole.Fees, harness.Item(install, item.Reference).ReclassifiedTo);
        Assert.False(harness.Service<SyncAlerts>().Find(install.InstalledAppId, RaisedAlertKind.UnmappedCategory, category)!.Open);

        // Saving it again moves nothing more.
        var (again, second, _) = await portal.PostAsync(RepairRoutes.Rules, ("category", category), ("balance", "fees"));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Contains("0 postings moved", second.TextOf("repair-notice"));
        Assert.Equal(1, harness.Count(install, reclass));
        Assert.Equal(feesBefore + 2_500, harness.Balance(install, "@stripe_fees", "USD"));

        // Later activity of the category follows the rule, with no re-classification.
        var later = Stripe.AddUnmappedActivity(category, "usd", 700);
        Assert.Equal(SyncRunStatus.Succeeded, (await harness.SyncAsync(install)).Status);
        var next = harness.Item(install, $"stripe:{later.Id}");
        Assert.False(next.Unmapped);
        Assert.Equal(LedgerRole.Fees, next.Destination);
        Assert.Equal(0, harness.Count(install, next.Reference + ":reclass"));
        Assert.Equal(feesBefore + 3_200, harness.Balance(install, "@stripe_fees", "USD"));

        // The run history tells the rule.
        var repairRun = harness.RepairRuns(install).OrderBy(run => run.StartedAt).First();
        var (_, detail, _) = await portal.GetAsync(BlnkSliceApp.Features.Runs.RunRoutes.Detail(repairRun.RunId));
        Assert.StartsWith($"Rule for the category \"{category}\": to @stripe_fees. 1 re-classified from @stripe_other", detail.TextOf("run-repair"));
    }

    [Fact]
    public async Task A_saved_rule_is_not_changed_and_nothing_moves()
    {
        var (install, category, item) = await UnmappedAsync();
        using var portal = await harness.OpenPortalAsync(install);
        Assert.Equal(HttpStatusCode.OK, (await portal.PostAsync(RepairRoutes.Rules, ("category", category), ("balance", "tax"))).Status);
        var transactions = harness.Ledger(install).Snapshot(BlnkSliceApp.DevCloud.Cloud.Ledger.DataResource.Transactions).Count;

        var (status, answered, _) = await portal.PostAsync(RepairRoutes.Rules, ("category", category), ("balance", "fees"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("goes to @stripe_tax already", answered.TextOf("repair-notice"));
        Assert.Equal(LedgerRole.Tax, harness.Service<CategoryRules>().Find(install.InstalledAppId, category)!.Balance);
        Assert.Equal(transactions, harness.Ledger(install).Snapshot(BlnkSliceApp.DevCloud.Cloud.Ledger.DataResource.Transactions).Count);
        Assert.Single(harness.RepairRuns(install));
    }

    [Fact]
    public async Task A_rule_saved_while_an_item_still_waits_sends_it_to_the_balance_without_a_reclassification()
    {
        var install = await harness.InstallAsync();
        var category = NewCategory();
        harness.Ledger(install).RefuseCurrency("USD");
        var txn = Stripe.AddUnmappedActivity(category, "usd", -900);
        await harness.SyncAsync(install);
        var item = harness.Item(install, $"stripe:{txn.Id}");
        Assert.Equal((SyncItemState.Rejected, LedgerRole.Other), (item.State, item.Source));
        harness.Ledger(install).AllowCurrency("USD");
        using var portal = await harness.OpenPortalAsync(install);

        var (status, answered, _) = await portal.PostAsync(RepairRoutes.Rules, ("category", category), ("balance", "payouts"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("1 posting not posted yet sent there directly", answered.TextOf("repair-notice"));
        var remapped = harness.Item(install, item.Reference);
        Assert.Equal((SyncItemState.Rejected, LedgerRole.Payouts, false), (remapped.State, remapped.Source, remapped.Unmapped));
        Assert.DoesNotContain("unmapped category", remapped.Description);
        // Still refused until retried; then it posts straight from the payouts balance.
        Assert.Equal(HttpStatusCode.OK, (await portal.PostAsync(RepairRoutes.Retry, ("reference", item.Reference))).Status);
        Assert.Equal(1, harness.Count(install, item.Reference));
        Assert.Equal(0, harness.Count(install, item.Reference + ":reclass"));
    }
}
