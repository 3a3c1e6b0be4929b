using System.Text.Json.Nodes;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed class CloudBulkTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    static JsonObject Bulk(bool atomic, params JsonObject[] items) => new()
    {
        ["atomic"] = atomic,
        ["skip_queue"] = true,
        ["transactions"] = new JsonArray(items.Select(JsonNode? (item) => item).ToArray()),
    };

    static readonly JsonObject Overdraft = new() { ["allow_overdraft"] = true };

    [Fact]
    public async Task A_successful_bulk_answers_201_with_batch_id_status_and_transaction_count()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();

        var answer = await cloud.PostAsync("/proxy/transactions/bulk", Bulk(atomic: true,
            Txn.Body("@stripe", customer, 100, extra: Overdraft), Txn.Body("@stripe", customer, 200, extra: Overdraft)));

        Assert.Equal(201, answer.Status);
        Assert.StartsWith("bulk_", answer.Text("batch_id"));
        Assert.Equal(2, answer.Body!["transaction_count"]!.GetValue<int>());
        Assert.Equal("300", (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance"));
    }

    [Fact]
    public async Task An_atomic_bulk_stops_at_the_first_failing_item_names_its_index_and_rolls_back_the_earlier_items()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();

        var answer = await cloud.PostAsync("/proxy/transactions/bulk", Bulk(atomic: true,
            Txn.Body("@stripe", customer, 100, "bulk_a", extra: Overdraft),
            Txn.Body("@stripe", customer, 200, "bulk_b", extra: Overdraft),
            Txn.Body("@stripe", customer, 300, "bulk_c"),
            Txn.Body("@stripe", customer, 400, "bulk_d", extra: Overdraft)));

        Assert.Equal(400, answer.Status);
        Assert.Equal(2, answer.Body!["error_detail"]!["details"]!["index"]!.GetValue<int>());
        Assert.Equal("0", (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance"));
        Assert.Equal(0, (await cloud.GetAsync("/data/transactions")).Body!["total"]!.GetValue<int>());
        // The indicator balance made on first use inside the batch goes with it.
        Assert.Equal(404, (await cloud.GetAsync("/proxy/balances/indicator/@stripe/currency/USD")).Status);
    }

    [Fact]
    public async Task A_non_atomic_bulk_keeps_the_items_before_the_failure_and_skips_the_rest()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();

        var answer = await cloud.PostAsync("/proxy/transactions/bulk", Bulk(atomic: false,
            Txn.Body("@stripe", customer, 100, "keep_a", extra: Overdraft),
            Txn.Body("@stripe", customer, 200, "keep_b", extra: Overdraft),
            Txn.Body("@stripe", customer, 300, "keep_a", extra: Overdraft),
            Txn.Body("@stripe", customer, 400, "keep_d", extra: Overdraft)));

        Assert.Equal(409, answer.Status);
        Assert.Equal("TXN_DUPLICATE_REFERENCE", answer.ErrorCode);
        Assert.Equal(2, answer.Body!["error_detail"]!["details"]!["index"]!.GetValue<int>());
        Assert.Equal("300", (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance"));
        Assert.Equal(0, (await cloud.GetAsync("/data/transactions?reference_eq=keep_d")).Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_bulk_of_more_than_10000_items_is_refused_whole()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();
        var items = Enumerable.Range(0, 10_001).Select(i => Txn.Body("@stripe", customer, 1, $"many_{i}", extra: Overdraft)).ToArray();

        var answer = await cloud.PostAsync("/proxy/transactions/bulk", Bulk(atomic: false, items));

        Assert.Equal(400, answer.Status);
        Assert.Equal(0, (await cloud.GetAsync("/data/transactions")).Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_bulk_with_run_async_answers_202_and_is_applied_in_the_background()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();
        var body = Bulk(atomic: true, Txn.Body("@stripe", customer, 100, extra: Overdraft));
        body["run_async"] = true;

        var answer = await cloud.PostAsync("/proxy/transactions/bulk", body);

        Assert.Equal(202, answer.Status);
        await Eventually.TrueAsync(async () => (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance") == "100");
    }
}
