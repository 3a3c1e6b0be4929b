using System.Diagnostics;
using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.Shared.Cloud;

public sealed class CloudClientTests(CloudHarness harness) : IClassFixture<CloudHarness>, IDisposable
{
    public void Dispose() => harness.DevCloud.CloudFaults.Reset();

    [Fact]
    public async Task A_posting_retried_through_500s_lands_exactly_once()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.Rate500 = 1;

        var posting = install.Client.PostTransactionAsync(CloudHarness.Transaction("retry-500"), CancellationToken.None);
        await CloudHarness.UntilAsync(() => harness.CallsOf(install).Count(c => c.Status == 500) >= 2);
        harness.DevCloud.CloudFaults.Reset();
        var result = await posting;

        Assert.Equal(PostStatus.Applied, result.Status);
        Assert.NotNull(result.TransactionId);
        var stored = Assert.Single(harness.Ledger(install).Snapshot(DataResource.Transactions));
        Assert.Equal("retry-500", (string?)stored["reference"]);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_Cloud_asks_for()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.Rate429 = 1;
        harness.DevCloud.CloudFaults.RetryAfterSeconds = 1;
        var clock = Stopwatch.StartNew();

        var posting = install.Client.PostTransactionAsync(CloudHarness.Transaction("retry-429"), CancellationToken.None);
        await CloudHarness.UntilAsync(() => harness.CallsOf(install).Any(c => c.Status == 429));
        harness.DevCloud.CloudFaults.Reset();
        var result = await posting;

        Assert.Equal(PostStatus.Applied, result.Status);
        // The back-off alone is at most 200 ms here: waiting about a second means Retry-After was honoured.
        Assert.True(clock.ElapsedMilliseconds >= 900, $"answered after {clock.ElapsedMilliseconds} ms");
        Assert.Single(harness.Ledger(install).Snapshot(DataResource.Transactions));
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_abandoned_and_tried_again()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.RateTimeout = 1;
        harness.DevCloud.CloudFaults.TimeoutHoldMs = 30_000;

        var posting = install.Client.PostTransactionAsync(CloudHarness.Transaction("retry-timeout"), CancellationToken.None);
        await CloudHarness.UntilAsync(() => harness.CallsOf(install).Any(c => c.Status is null));
        harness.DevCloud.CloudFaults.Reset();
        var result = await posting;

        Assert.Equal(PostStatus.Applied, result.Status);
        Assert.Single(harness.Ledger(install).Snapshot(DataResource.Transactions));
    }

    [Fact]
    public async Task A_bulk_under_random_5xx_429_and_time_outs_posts_every_item_once()
    {
        var install = await harness.InstallAsync();
        var plan = harness.DevCloud.CloudFaults;
        (plan.Rate500, plan.Rate503, plan.Rate429, plan.RetryAfterSeconds) = (0.15, 0.1, 0.1, 0);

        var results = new List<BulkResult>();
        // Twenty batches: with a 35% fault rate per call, a run without any fault is a one-in-five-million chance.
        for (var batch = 0; batch < 20; batch++)
        {
            var items = Enumerable.Range(0, 5).Select(i => CloudHarness.Transaction($"bulk-{batch}-{i}")).ToList();
            results.Add(await install.Client.PostBulkAsync(items, CancellationToken.None));
        }
        plan.Reset();

        Assert.All(results, result => Assert.Equal(BulkStatus.Succeeded, result.Status));
        var references = harness.Ledger(install).Snapshot(DataResource.Transactions).Select(t => (string)t["reference"]!).ToList();
        Assert.Equal(100, references.Count);
        Assert.Equal(100, references.Distinct().Count());
        Assert.Contains(harness.CallsOf(install), c => c.Status is 500 or 503 or 429);
    }

    [Fact]
    public async Task Posting_a_reference_again_answers_Duplicate()
    {
        var install = await harness.InstallAsync();
        await install.Client.PostTransactionAsync(CloudHarness.Transaction("dup-1"), CancellationToken.None);

        var again = await install.Client.PostTransactionAsync(CloudHarness.Transaction("dup-1"), CancellationToken.None);

        Assert.Equal(PostStatus.Duplicate, again.Status);
        Assert.Equal("TXN_DUPLICATE_REFERENCE", again.Code);
        Assert.Single(harness.Ledger(install).Snapshot(DataResource.Transactions));
    }

    [Fact]
    public async Task A_posting_Core_refuses_is_Rejected_with_its_reason()
    {
        var install = await harness.InstallAsync();

        var result = await install.Client.PostTransactionAsync(CloudHarness.Transaction("broke", allowOverdraft: false), CancellationToken.None);

        Assert.Equal(PostStatus.Rejected, result.Status);
        Assert.Equal("INSUFFICIENT_FUNDS", result.Code);
        Assert.Contains("insufficient funds", result.Message);
    }

    [Fact]
    public async Task A_bulk_with_a_duplicate_in_the_middle_names_its_index_and_keeps_the_items_before_it()
    {
        var install = await harness.InstallAsync();
        await install.Client.PostTransactionAsync(CloudHarness.Transaction("b-dup"), CancellationToken.None);

        var result = await install.Client.PostBulkAsync(
            [CloudHarness.Transaction("b-0"), CloudHarness.Transaction("b-dup"), CloudHarness.Transaction("b-2")], CancellationToken.None);

        Assert.Equal(new BulkResult(BulkStatus.Failed, 1, "TXN_DUPLICATE_REFERENCE", result.Message), result);
        var ledger = harness.Ledger(install);
        Assert.NotNull(ledger.FindTransactionByReference("b-0"));
        Assert.Null(ledger.FindTransactionByReference("b-2"));
    }

    [Fact]
    public async Task A_bulk_arrives_as_sent_and_its_transactions_can_be_sent_again_unchanged()
    {
        var install = await harness.InstallAsync();
        var first = CloudHarness.Transaction("b-as-sent");
        first["description"] = "Stripe pay-in from zoë@example.com <&>";
        first["meta_data"] = new JsonObject { ["stripe_sync"] = new JsonObject { ["customer_id"] = "cus_1", ["amount_note"] = "1 000,50 €" } };
        var batch = new List<JsonObject> { first, CloudHarness.Transaction("b-as-sent-2") };
        var sentBefore = batch.Select(t => t.ToJsonString()).ToList();

        var result = await install.Client.PostBulkAsync(batch, CancellationToken.None);
        var again = await install.Client.PostBulkAsync(batch, CancellationToken.None);

        Assert.Equal(BulkStatus.Succeeded, result.Status);
        var stored = harness.Ledger(install).FindTransactionByReference("b-as-sent")!;
        Assert.Equal("Stripe pay-in from zoë@example.com <&>", (string?)stored["description"]);
        Assert.Equal("1 000,50 €", (string?)stored["meta_data"]?["stripe_sync"]?["amount_note"]);
        // The retry path sends the same objects again: writing them must neither move nor change them.
        Assert.Equal(new BulkResult(BulkStatus.Failed, 0, CloudClient.DuplicateReferenceCode, again.Message), again);
        Assert.Equal(sentBefore, batch.Select(t => t.ToJsonString()).ToList());
        Assert.All(batch, t => Assert.Null(t.Parent));
    }

    [Fact]
    public async Task A_bulk_item_Core_refuses_is_reported_with_its_index_code_and_reason()
    {
        var install = await harness.InstallAsync();

        var result = await install.Client.PostBulkAsync(
            [CloudHarness.Transaction("c-0"), CloudHarness.Transaction("c-1"), CloudHarness.Transaction("c-2", allowOverdraft: false, source: "@empty")],
            CancellationToken.None);

        Assert.Equal(BulkStatus.Failed, result.Status);
        Assert.Equal(2, result.FailedIndex);
        Assert.Equal("INSUFFICIENT_FUNDS", result.Code);
        Assert.Contains("insufficient funds", result.Message);
        Assert.Equal(2, harness.Ledger(install).Count(DataResource.Transactions));
    }

    [Fact]
    public async Task A_Cloud_without_the_bulk_route_answers_RouteMissing()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.BulkRouteMissing = true;

        var result = await install.Client.PostBulkAsync([CloudHarness.Transaction("r-0")], CancellationToken.None);

        Assert.Equal(BulkStatus.RouteMissing, result.Status);
        Assert.Equal(0, harness.Ledger(install).Count(DataResource.Transactions));
    }

    [Fact]
    public async Task A_transaction_is_found_by_its_exact_reference()
    {
        var install = await harness.InstallAsync();
        var posted = await install.Client.PostTransactionAsync(CloudHarness.Transaction("stripe:txn_1"), CancellationToken.None);

        var found = await install.Client.FindTransactionByReferenceAsync("stripe:txn_1", CancellationToken.None);
        var missing = await install.Client.FindTransactionByReferenceAsync("stripe:txn_2", CancellationToken.None);

        Assert.Equal(posted.TransactionId, (string?)found?["transaction_id"]);
        Assert.Null(missing);
    }

    [Fact]
    public async Task An_indicator_balance_is_read_in_exact_minor_units_with_its_precision()
    {
        var install = await harness.InstallAsync();
        Assert.Null(await install.Client.FindIndicatorBalanceAsync("@stripe", "KWD", CancellationToken.None));
        await install.Client.PostTransactionAsync(CloudHarness.Transaction("kwd", preciseAmount: 12_345, currency: "KWD", precision: 1000), CancellationToken.None);

        var balance = await install.Client.FindIndicatorBalanceAsync("@stripe", "KWD", CancellationToken.None);

        Assert.NotNull(balance);
        Assert.Equal(-12_345, balance.Balance);
        Assert.Equal(1000, balance.Precision);
        Assert.Equal("KWD", balance.Currency);
    }

    [Fact]
    public async Task No_call_is_made_with_the_key_after_the_uninstall_has_answered()
    {
        var install = await harness.InstallAsync();
        await harness.DevCloud.UninstallAsync(install.InstalledAppId);
        var callsBefore = harness.CallsOf(install).Count;

        var failure = await Record.ExceptionAsync(() => install.Client.FindTransactionByReferenceAsync("x", CancellationToken.None));

        Assert.IsType<InstallEndedException>(failure);
        Assert.IsAssignableFrom<OperationCanceledException>(failure);
        Assert.Equal(callsBefore, harness.CallsOf(install).Count);
    }

    [Fact]
    public async Task An_uninstall_during_retries_stops_the_call_at_once_and_no_attempt_follows()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.Rate503 = 1;
        harness.DevCloud.CloudFaults.RetryAfterSeconds = 1;

        var posting = install.Client.PostTransactionAsync(CloudHarness.Transaction("cut-short"), CancellationToken.None);
        await CloudHarness.UntilAsync(() => harness.CallsOf(install).Any(c => c.Status == 503));
        // Cloud answers again (it must, to confirm the revoked key) while the call waits for its retry.
        harness.DevCloud.CloudFaults.Rate503 = 0;
        await harness.DevCloud.UninstallAsync(install.InstalledAppId);
        var attemptsAtUninstall = harness.CallsOf(install).Count;
        var clock = Stopwatch.StartNew();
        var failure = await Record.ExceptionAsync(() => posting);

        Assert.IsType<InstallEndedException>(failure);
        Assert.True(clock.ElapsedMilliseconds < 900, $"stopped after {clock.ElapsedMilliseconds} ms, not at once");
        Assert.Equal(attemptsAtUninstall, harness.CallsOf(install).Count);
    }

    [Fact]
    public async Task A_client_made_after_the_uninstall_refuses_to_exist()
    {
        var install = await harness.InstallAsync();
        await harness.DevCloud.UninstallAsync(install.InstalledAppId);
        var record = harness.Service<InstallDirectory>().Find(install.InstalledAppId)!;

        var failure = Assert.Throws<CloudCallException>(() => harness.Service<CloudClients>().For(record));

        Assert.Contains("not installed", failure.Message);
    }

    [Fact]
    public async Task A_missing_permission_is_refused_before_any_call_in_plain_words()
    {
        var install = await harness.InstallAsync(Scopes.DataRead);

        var failure = await Assert.ThrowsAsync<CloudCallException>(() => install.Client.PostTransactionAsync(CloudHarness.Transaction("ro"), CancellationToken.None));

        Assert.Contains("data:write", failure.Message);
        Assert.DoesNotContain(install.DevCloud.ApiKey, failure.Message);
        Assert.DoesNotContain(harness.CallsOf(install), c => c.Method == "POST");
    }

    [Fact]
    public async Task Cloud_failing_for_good_gives_a_readable_error_without_the_key()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.Rate500 = 1;

        var failure = await Assert.ThrowsAsync<CloudCallException>(() => install.Client.FindTransactionByReferenceAsync("gone", CancellationToken.None));

        Assert.Contains("HTTP 500", failure.Message);
        Assert.Contains("several tries", failure.Message);
        Assert.DoesNotContain(install.DevCloud.ApiKey, failure.Message);
        Assert.DoesNotContain("{", failure.Message);
        Assert.Equal(9, harness.CallsOf(install).Count(c => c.Status == 500));
    }

    [Fact]
    public async Task A_refusal_from_Core_is_worded_and_never_echoes_the_key()
    {
        var install = await harness.InstallAsync();
        var body = CloudHarness.Transaction("bad");
        body["currency"] = install.DevCloud.ApiKey;
        body["precision"] = 7;

        var result = await install.Client.PostTransactionAsync(body, CancellationToken.None);

        Assert.Equal(PostStatus.Rejected, result.Status);
        Assert.NotNull(result.Message);
        Assert.DoesNotContain(install.DevCloud.ApiKey, result.Message);
    }

    [Fact]
    public async Task The_caller_cancelling_stops_the_retries()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.Rate503 = 1;
        harness.DevCloud.CloudFaults.RetryAfterSeconds = 5;
        using var cancel = new CancellationTokenSource();

        var posting = install.Client.PostTransactionAsync(CloudHarness.Transaction("caller-stop"), cancel.Token);
        await CloudHarness.UntilAsync(() => harness.CallsOf(install).Any(c => c.Status == 503));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);
        Assert.False(install.Client.Ended);
    }
}
