using System.Text.Json.Nodes;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed class CloudDataTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    static readonly JsonObject SkipQueue = new() { ["skip_queue"] = true, ["allow_overdraft"] = true };

    /// <summary>Five applied transactions of 100..500 cents, each with nested Stripe meta data.</summary>
    static async Task<string> SeedAsync(CloudApiClient cloud)
    {
        var customer = await cloud.CreateBalanceAsync();
        for (var i = 1; i <= 5; i++)
        {
            var extra = (JsonObject)SkipQueue.DeepClone();
            extra["meta_data"] = new JsonObject
            {
                ["stripe_sync"] = new JsonObject { ["object"] = i % 2 == 0 ? "refund" : "charge", ["id"] = $"ch_{i}" },
            };
            var answer = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, i * 100, $"pi_{i}", extra: extra));
            Assert.Equal(201, answer.Status);
        }
        return customer;
    }

    static IEnumerable<string> References(CloudAnswer answer) =>
        answer.Body!["data"]!.AsArray().Select(row => row!["reference"]!.GetValue<string>()).Order();

    [Fact]
    public async Task A_list_answers_data_and_total_and_pages_with_page_and_pageSize()
    {
        using var cloud = await devCloud.InstallAsync();
        await SeedAsync(cloud);

        var first = await cloud.GetAsync("/data/transactions?pageSize=2");
        var third = await cloud.GetAsync("/data/transactions?pageSize=2&page=3");

        Assert.Equal(5, first.Body!["total"]!.GetValue<int>());
        Assert.Equal(["pi_1", "pi_2"], References(first));
        Assert.Equal(["pi_5"], References(third));
    }

    [Fact]
    public async Task The_default_page_size_is_20_for_transactions_and_30_for_ledgers()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();
        var items = Enumerable.Range(0, 25).Select(i => (JsonNode?)Txn.Body("@stripe", customer, 1, extra: SkipQueue)).ToArray();
        await cloud.PostAsync("/proxy/transactions/bulk", new JsonObject { ["skip_queue"] = true, ["transactions"] = new JsonArray(items) });
        for (var i = 0; i < 31; i++)
            await cloud.PostAsync("/proxy/ledgers", new JsonObject { ["name"] = $"ledger {i}" });

        var transactions = await cloud.GetAsync("/data/transactions");
        var ledgers = await cloud.GetAsync("/data/ledgers");

        Assert.Equal(20, transactions.Body!["data"]!.AsArray().Count);
        Assert.Equal(25, transactions.Body!["total"]!.GetValue<int>());
        Assert.Equal(30, ledgers.Body!["data"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("precise_amount_gt=300", new[] { "pi_4", "pi_5" })]
    [InlineData("precise_amount_lte=200", new[] { "pi_1", "pi_2" })]
    [InlineData("precise_amount_between=200%7C400", new[] { "pi_2", "pi_3", "pi_4" })]
    [InlineData("reference_in=pi_1,pi_5,pi_9", new[] { "pi_1", "pi_5" })]
    [InlineData("reference_ne=pi_1&currency_eq=USD", new[] { "pi_2", "pi_3", "pi_4", "pi_5" })]
    [InlineData("meta_data.stripe_sync.object_eq=refund", new[] { "pi_2", "pi_4" })]
    [InlineData("meta_data.stripe_sync.id_in=ch_3,ch_4", new[] { "pi_3", "pi_4" })]
    [InlineData("reference_like=pi_%25", new[] { "pi_1", "pi_2", "pi_3", "pi_4", "pi_5" })]
    [InlineData("description_ilike=TEST%25", new[] { "pi_1", "pi_2", "pi_3", "pi_4", "pi_5" })]
    [InlineData("description_like=TEST%25", new string[0])]
    [InlineData("sort=created_at&order=desc&org_id=x&per_page=5&reference_eq=pi_3", new[] { "pi_3" })]
    public async Task Filters_select_the_matching_transactions(string query, string[] expected)
    {
        using var cloud = await devCloud.InstallAsync();
        await SeedAsync(cloud);

        var answer = await cloud.GetAsync($"/data/transactions?{query}");

        Assert.Equal(200, answer.Status);
        Assert.Equal(expected.Order(), References(answer));
        Assert.Equal(expected.Length, answer.Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_created_at_between_filter_compares_instants()
    {
        using var cloud = await devCloud.InstallAsync();
        await SeedAsync(cloud);
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));

        var inside = await cloud.GetAsync($"/data/transactions?created_at_between={from}%7C{to}");
        var after = await cloud.GetAsync($"/data/transactions?created_at_gt={to}");

        Assert.Equal(5, inside.Body!["total"]!.GetValue<int>());
        Assert.Equal(0, after.Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unknown_query_name_is_refused_rather_than_ignored()
    {
        using var cloud = await devCloud.InstallAsync();

        var answer = await cloud.GetAsync("/data/transactions?reference=pi_1");

        Assert.Equal(400, answer.Status);
        Assert.Contains("not a filter", answer.Error);
    }

    [Fact]
    public async Task Identities_are_found_by_email_and_by_nested_meta_data()
    {
        using var cloud = await devCloud.InstallAsync();
        var identityId = $"idt_{Guid.NewGuid()}";
        await cloud.PostAsync("/proxy/identities", new JsonObject
        {
            ["identity_id"] = identityId,
            ["identity_type"] = "individual",
            ["first_name"] = "Ada",
            ["email_address"] = "ada@example.com",
            ["meta_data"] = new JsonObject { ["stripe_sync"] = new JsonObject { ["customer_id"] = "cus_123" } },
        });

        var byEmail = await cloud.GetAsync("/data/identities?email_address_eq=ada@example.com");
        var byMeta = await cloud.GetAsync("/data/identities?meta_data.stripe_sync.customer_id_eq=cus_123");
        var detail = await cloud.GetAsync($"/data/identities/{identityId}");

        Assert.Equal(identityId, byEmail.Body!["data"]![0]!["identity_id"]!.GetValue<string>());
        Assert.Equal(1, byMeta.Body!["total"]!.GetValue<int>());
        Assert.Equal("Ada", detail.Text("first_name"));
        Assert.Equal(404, (await cloud.GetAsync($"/data/identities/idt_{Guid.NewGuid()}")).Status);
    }
}
