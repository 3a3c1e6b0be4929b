using System.Text.Json.Nodes;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed class CloudAlertTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    [Fact]
    public async Task An_alert_flagged_on_a_balance_comes_back_in_Clouds_shape()
    {
        using var cloud = await devCloud.InstallAsync();
        var balance = await cloud.CreateBalanceAsync();

        var created = await cloud.PostAsync($"/alerts/flag/{balance}",
            new JsonObject { ["title"] = "Balance mismatch", ["description"] = "Stripe says 10.00, Blnk says 9.00" });

        Assert.Equal(201, created.Status);
        Assert.Equal("FLAGGED", created.Text("status"));
        Assert.Equal("Balance mismatch", created.Text("title"));
        Assert.Equal(balance, created.Body!["affected_balances"]![0]!.GetValue<string>());
        Assert.Empty(created.Body!["affected_transactions"]!.AsArray());
        Assert.Empty(created.Body!["affected_identities"]!.AsArray());
        foreach (var field in new[] { "anomaly_id", "type", "created_at", "updated_at" })
            Assert.False(string.IsNullOrEmpty(created.Text(field)));
        Assert.True(created.Body!.AsObject().ContainsKey("assigned_to"));
        Assert.True(created.Body!.AsObject().ContainsKey("escalated_to"));
    }

    [Fact]
    public async Task An_alert_is_updated_then_read_back_and_listed()
    {
        using var cloud = await devCloud.InstallAsync();
        var balance = await cloud.CreateBalanceAsync();
        var created = await cloud.PostAsync($"/alerts/flag/{balance}", new JsonObject { ["title"] = "t", ["description"] = "d" });
        var id = created.Text("anomaly_id");

        var updated = await cloud.PutAsync($"/alerts/flag/{id}", new JsonObject { ["status"] = "resolved", ["description"] = "fixed" });
        var read = await cloud.GetAsync($"/alerts/{id}");
        var list = await cloud.GetAsync("/alerts");

        Assert.Equal(200, updated.Status);
        Assert.Equal("RESOLVED", read.Text("status"));
        Assert.Equal("fixed", read.Text("description"));
        Assert.Equal("t", read.Text("title"));
        Assert.Equal(1, list.Body!["total"]!.GetValue<int>());
        Assert.Equal(id, list.Body!["data"]![0]!["anomaly_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_alert_needs_a_description_and_an_existing_entity()
    {
        using var cloud = await devCloud.InstallAsync();
        var balance = await cloud.CreateBalanceAsync();

        var noDescription = await cloud.PostAsync($"/alerts/flag/{balance}", new JsonObject { ["title"] = "t" });
        var noEntity = await cloud.PostAsync("/alerts/flag/bln_missing", new JsonObject { ["title"] = "t", ["description"] = "d" });
        var missingAlert = await cloud.PutAsync("/alerts/flag/anm_missing", new JsonObject { ["status"] = "RESOLVED" });

        Assert.Equal(400, noDescription.Status);
        Assert.Equal(404, noEntity.Status);
        Assert.Equal(404, missingAlert.Status);
        Assert.Equal(0, (await cloud.GetAsync("/alerts")).Body!["total"]!.GetValue<int>());
    }
}
