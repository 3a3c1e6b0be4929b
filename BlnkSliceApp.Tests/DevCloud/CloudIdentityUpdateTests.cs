using System.Text.Json.Nodes;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary><c>PUT /proxy/identities/{id}</c> behaves as Blnk Core's: the body replaces the identity, meta_data whole.</summary>
public sealed class CloudIdentityUpdateTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    static JsonObject Identity(string email, JsonObject meta) => new()
    {
        ["identity_type"] = "individual", ["first_name"] = "Grace", ["last_name"] = "Hopper",
        ["email_address"] = email, ["phone_number"] = "+15550100", ["meta_data"] = meta,
    };

    [Fact]
    public async Task A_put_replaces_every_field_and_the_whole_meta_data_and_keeps_the_id()
    {
        using var cloud = await devCloud.InstallAsync();
        var created = await cloud.PostAsync("/proxy/identities", Identity("grace@example.com", new JsonObject { ["crm"] = "A1", ["app"] = new JsonObject { ["x"] = 1 } }));
        var id = created.Text("identity_id");

        var put = await cloud.PutAsync($"/proxy/identities/{id}", new JsonObject
        {
            ["identity_type"] = "individual", ["first_name"] = "Grace B.", ["email_address"] = "grace@new.example.com",
            ["meta_data"] = new JsonObject { ["app"] = new JsonObject { ["y"] = 2 } },
        });
        var read = (await cloud.GetAsync($"/proxy/identities/{id}")).Body!;

        Assert.Equal(200, put.Status);
        Assert.Equal((id, "Grace B.", "grace@new.example.com"), ((string?)read["identity_id"], (string?)read["first_name"], (string?)read["email_address"]));
        // Left out of the body, so gone: Core's update is a replacement, not a merge.
        Assert.Equal(("", ""), ((string?)read["last_name"], (string?)read["phone_number"]));
        Assert.Equal("""{"app":{"y":2}}""", read["meta_data"]!.ToJsonString());
        Assert.Equal((string?)created.Body!["created_at"], (string?)read["created_at"]);
    }

    [Fact]
    public async Task A_put_without_identity_type_or_for_an_unknown_identity_is_refused_and_changes_nothing()
    {
        using var cloud = await devCloud.InstallAsync();
        var id = (await cloud.PostAsync("/proxy/identities", Identity("kept@example.com", []))).Text("identity_id");

        var untyped = await cloud.PutAsync($"/proxy/identities/{id}", new JsonObject { ["first_name"] = "Nobody" });
        var unknown = await cloud.PutAsync($"/proxy/identities/idt_{Guid.NewGuid()}", Identity("x@example.com", []));
        var notText = await cloud.PutAsync($"/proxy/identities/{id}", new JsonObject { ["identity_type"] = "individual", ["first_name"] = 42 });

        Assert.Equal((400, 404, 400), (untyped.Status, unknown.Status, notText.Status));
        Assert.Equal("Grace", (await cloud.GetAsync($"/proxy/identities/{id}")).Text("first_name"));
    }
}
