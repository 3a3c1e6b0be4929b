using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Features.Repair;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Features.Repair;

/// <summary>
/// A posting Blnk refused, retried from the Repair view once the cause is fixed: posted once,
/// whatever is clicked how often, and told in the run history. Through DevCloud, whose ledger
/// refuses a currency on purpose.
/// </summary>
public sealed class RetryJourneyTests(RepairHarness harness) : IClassFixture<RepairHarness>
{
    StripeAccountState Stripe => harness.DevCloud.Stripe!.Account;

    /// <summary>An install whose first sync has run, then a JPY payment its ledger refused.</summary>
    async Task<(BlnkSliceApp.DevCloud.Cloud.Installs.DevCloudInstall Install, List<SyncItemRecord> Refused)> RefusedPaymentAsync(int payments = 1)
    {
        var install = await harness.InstallAsync();
        Assert.Equal(SyncRunStatus.Succeeded, (await harness.SyncAsync(install)).Status);
        harness.Ledger(install).RefuseCurrency("JPY", "balance @stripe in JPY is locked for an audit");
        Stripe.AddActivity(new StripeActivityRequest { Payments = payments, Refunds = 0, Payouts = 0, Currency = "jpy" });
        var run = await harness.SyncAsync(install);
        Assert.Equal(SyncRunStatus.Failed, run.Status);
        var refused = harness.Items(install).Where(item => item.State == SyncItemState.Rejected).ToList();
        Assert.NotEmpty(refused);
        return (install, refused);
    }

    [Fact]
    public async Task A_refused_posting_is_listed_with_Blnks_reason_and_once_retried_is_in_the_ledger_exactly_once()
    {
        var (install, refused) = await RefusedPaymentAsync();
        var payment = refused.First(item => item.Part is null);
        using var portal = await harness.OpenPortalAsync(install);

        var (_, listed, _) = await portal.GetAsync(RepairRoutes.Panel);
        var row = listed.AllByTestId("repair-refused-row").Single(r => r.GetAttribute("data-reference") == payment.Reference);
        Assert.Equal("Balance @stripe in JPY is locked for an audit.", Html.Clean(row.ByTestId("repair-reason")!.TextContent));
        Assert.EndsWith(" JPY", Html.Clean(row.ByTestId("repair-amount")!.TextContent));
        Assert.DoesNotContain(".", Html.Clean(row.ByTestId("repair-amount")!.TextContent));

        harness.Ledger(install).AllowCurrency("JPY");
        var (status, answered, response) = await portal.PostAsync(RepairRoutes.Retry, ("reference", payment.Reference));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Posted:", answered.TextOf("repair-notice"));
        Assert.Contains(BlnkSliceApp.Shared.Portal.PortalEvents.RepairDone, response.Trigger());
        Assert.Equal(1, harness.Count(install, payment.Reference));
        Assert.Equal(SyncItemState.Posted, harness.Item(install, payment.Reference).State);
        Assert.DoesNotContain(answered.AllByTestId("repair-refused-row"), r => r.GetAttribute("data-reference") == payment.Reference);
        // Its fee was refused too and was not asked for: it waits for its own retry.
        Assert.Contains(answered.AllByTestId("repair-refused-row"), r => r.GetAttribute("data-reference") == payment.Reference + ":fee");
        Assert.False(harness.Service<SyncAlerts>().Find(install.InstalledAppId, RaisedAlertKind.RejectedPosting, payment.Reference)!.Open);

        // A second click finds it posted and changes nothing.
        var (again, second, _) = await portal.PostAsync(RepairRoutes.Retry, ("reference", payment.Reference));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Contains("not refused any more", second.TextOf("repair-notice"));
        Assert.Equal(1, harness.Count(install, payment.Reference));
        Assert.Single(harness.RepairRuns(install));

        // The run history tells the repair.
        var repairRun = harness.RepairRuns(install).Single();
        var (_, runs, _) = await portal.GetAsync(BlnkSliceApp.Features.Runs.RunRoutes.List);
        Assert.Contains(runs.AllByTestId("run-row"), r => r.GetAttribute("data-run-id") == repairRun.RunId && r.TextContent.Contains("Repair"));
        var (_, detail, _) = await portal.GetAsync(BlnkSliceApp.Features.Runs.RunRoutes.Detail(repairRun.RunId));
        Assert.Equal("Repair", detail.TextOf("run-trigger"));
        Assert.Contains($"Retry of {payment.Reference}: 1 put back in the queue", detail.TextOf("run-repair"));
        Assert.Equal("1", detail.TextOf("run-posted"));
    }

    [Fact]
    public async Task A_retry_of_a_posting_that_Blnk_took_after_all_finds_it_there_and_posts_nothing_twice()
    {
        var (install, refused) = await RefusedPaymentAsync();
        var payment = refused.First(item => item.Part is null);
        harness.Ledger(install).AllowCurrency("JPY");
        using var portal = await harness.OpenPortalAsync(install);
        Assert.Equal(HttpStatusCode.OK, (await portal.PostAsync(RepairRoutes.Retry, ("reference", payment.Reference))).Status);
        // As if Blnk's answer had said "refused" though it had applied it.
        var item = harness.Item(install, payment.Reference);
        item.MoveTo(SyncItemState.Rejected, item.UpdatedAt);
        item.RejectionReason = "a gateway time-out";
        harness.Service<AppDatabase>().Collection<SyncItemRecord>(SyncItemRecord.Collection).Update(item);

        var (status, answered, _) = await portal.PostAsync(RepairRoutes.Retry, ("reference", payment.Reference));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Posted:", answered.TextOf("repair-notice"));
        Assert.Equal(1, harness.Count(install, payment.Reference));
        Assert.Equal(SyncItemState.AlreadyPresent, harness.Item(install, payment.Reference).State);
    }

    [Fact]
    public async Task Two_retries_of_everything_at_once_post_each_refused_posting_once()
    {
        var (install, refused) = await RefusedPaymentAsync(payments: 2);
        harness.Ledger(install).AllowCurrency("JPY");
        using var portal = await harness.OpenPortalAsync(install);

        var answers = await Task.WhenAll(
            portal.PostAsync(RepairRoutes.Retry, ("all", "true")),
            portal.PostAsync(RepairRoutes.Retry, ("all", "true")));

        Assert.All(answers, answer => Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, answer.Html.TextOf("repair-notice")));
        Assert.All(refused, item => Assert.Equal(1, harness.Count(install, item.Reference)));
        Assert.DoesNotContain(harness.Items(install), item => item.State == SyncItemState.Rejected);
        Assert.Single(harness.RepairRuns(install), run => run.Repair!.Retried > 0);
        Assert.Equal(refused.Count, harness.RepairRuns(install).Sum(run => run.Repair!.Retried));
    }

    [Fact]
    public async Task A_posting_Blnk_refuses_again_stays_listed_with_the_new_refusal()
    {
        var (install, refused) = await RefusedPaymentAsync();
        var payment = refused.First(item => item.Part is null);
        harness.Ledger(install).RefuseCurrency("JPY", "still locked");
        using var portal = await harness.OpenPortalAsync(install);

        var (status, answered, _) = await portal.PostAsync(RepairRoutes.Retry, ("reference", payment.Reference));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Blnk refused 1 posting again", answered.TextOf("repair-notice"));
        var row = answered.AllByTestId("repair-refused-row").Single(r => r.GetAttribute("data-reference") == payment.Reference);
        Assert.Equal("Still locked.", Html.Clean(row.ByTestId("repair-reason")!.TextContent));
        Assert.Equal(0, harness.Count(install, payment.Reference));
    }
}
