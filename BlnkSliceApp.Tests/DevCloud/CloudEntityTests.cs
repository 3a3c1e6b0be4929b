using System.Text.Json.Nodes;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed class CloudEntityTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    [Fact]
    public async Task A_caller_chosen_identity_id_is_kept_and_a_repeat_is_refused_with_400()
    {
        using var cloud = await devCloud.InstallAsync();
        var identityId = $"idt_{Guid.NewGuid()}";
        var body = new JsonObject { ["identity_id"] = identityId, ["identity_type"] = "individual", ["first_name"] = "Grace" };

        var first = await cloud.PostAsync("/proxy/identities", body);
        var repeat = await cloud.PostAsync("/proxy/identities", body);

        Assert.Equal(201, first.Status);
        Assert.Equal(identityId, first.Text("identity_id"));
        Assert.Equal(400, repeat.Status);
        Assert.Equal("Identity already exists", repeat.Error);
        Assert.Equal("Grace", (await cloud.GetAsync($"/proxy/identities/{identityId}")).Text("first_name"));
    }

    [Fact]
    public async Task An_identity_id_not_of_the_form_idt_uuid_is_refused()
    {
        using var cloud = await devCloud.InstallAsync();

        var answer = await cloud.PostAsync("/proxy/identities", new JsonObject { ["identity_id"] = "idt_customer42" });

        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task A_balance_is_linked_to_an_identity_at_creation_or_later()
    {
        using var cloud = await devCloud.InstallAsync();
        var identity = await cloud.PostAsync("/proxy/identities", new JsonObject { ["first_name"] = "Linus" });
        var identityId = identity.Text("identity_id");
        var ledger = await cloud.PostAsync("/proxy/ledgers", new JsonObject { ["name"] = "Customers" });
        var linked = await cloud.PostAsync("/proxy/balances", new JsonObject
        {
            ["ledger_id"] = ledger.Text("ledger_id"), ["identity_id"] = identityId, ["currency"] = "EUR",
            ["meta_data"] = new JsonObject { ["origin"] = "test" },
        });
        var later = await cloud.CreateBalanceAsync("GBP");

        var relinked = await cloud.PutAsync($"/proxy/balances/{later}/identity", new JsonObject { ["identity_id"] = identityId });

        Assert.Equal(identityId, linked.Text("identity_id"));
        Assert.Equal(200, relinked.Status);
        Assert.Equal(identityId, (await cloud.GetAsync($"/proxy/balances/{later}")).Text("identity_id"));
        Assert.Equal(2, (await cloud.GetAsync($"/data/balances?identity_id_eq={identityId}")).Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_balance_needs_an_existing_ledger()
    {
        using var cloud = await devCloud.InstallAsync();

        var answer = await cloud.PostAsync("/proxy/balances", new JsonObject { ["ledger_id"] = "ldg_missing", ["currency"] = "USD" });

        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task Metadata_posts_merge_keys_into_what_is_there()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();
        var txn = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 100, extra: new JsonObject
        {
            ["skip_queue"] = true, ["allow_overdraft"] = true,
            ["meta_data"] = new JsonObject { ["user"] = "kept", ["stripe_sync"] = new JsonObject { ["v"] = 1 } },
        }));
        var id = txn.Text("transaction_id");

        var merged = await cloud.PostAsync($"/proxy/{id}/metadata",
            new JsonObject { ["meta_data"] = new JsonObject { ["stripe_sync"] = new JsonObject { ["v"] = 2 }, ["added"] = true } });

        Assert.Equal(200, merged.Status);
        var meta = (await cloud.GetAsync($"/proxy/transactions/{id}")).Body!["meta_data"]!;
        Assert.Equal("kept", meta["user"]!.GetValue<string>());
        Assert.Equal(2, meta["stripe_sync"]!["v"]!.GetValue<int>());
        Assert.True(meta["added"]!.GetValue<bool>());
        Assert.Equal(404, (await cloud.PostAsync("/proxy/txn_missing/metadata", new JsonObject { ["meta_data"] = new JsonObject() })).Status);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_not_a_500()
    {
        using var cloud = await devCloud.InstallAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/proxy/transactions?instance_id={cloud.Install.InstanceId}")
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await cloud.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
