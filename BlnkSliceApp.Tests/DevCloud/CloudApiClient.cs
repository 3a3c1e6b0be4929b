using System.Text;
using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>Calls the emulated Cloud API as the app does: the install's key, its instance_id on every call.</summary>
public sealed class CloudApiClient(HttpClient http, DevCloudInstall install) : IDisposable
{
    public DevCloudInstall Install => install;
    public HttpClient Http => http;

    public Task<CloudAnswer> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);
    public Task<CloudAnswer> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);
    public Task<CloudAnswer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public async Task<CloudAnswer> SendAsync(HttpMethod method, string path, JsonNode? body, string? instanceId = null)
    {
        var separator = path.Contains('?') ? '&' : '?';
        using var request = new HttpRequestMessage(method, $"{path}{separator}instance_id={instanceId ?? install.InstanceId}");
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new CloudAnswer((int)response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text), response);
    }

    /// <summary>A ledger and a customer balance in <paramref name="currency"/>, the usual starting point.</summary>
    public async Task<string> CreateBalanceAsync(string currency = "USD")
    {
        var ledger = await PostAsync("/proxy/ledgers", new JsonObject { ["name"] = "Customers" });
        Assert.True(201 == ledger.Status, $"{ledger.Status} {ledger.Body?.ToJsonString()}");
        var balance = await PostAsync("/proxy/balances", new JsonObject
        {
            ["ledger_id"] = ledger.Text("ledger_id"),
            ["currency"] = currency,
        });
        Assert.Equal(201, balance.Status);
        return balance.Text("balance_id");
    }

    public void Dispose() => http.Dispose();
}

public sealed record CloudAnswer(int Status, JsonNode? Body, HttpResponseMessage Response)
{
    public string Text(string field) => Body?[field]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"no '{field}' in {Body?.ToJsonString()}");
    public string? ErrorCode => Body?["error_detail"]?["code"]?.GetValue<string>();
    public string? Error => Body?["error"]?.GetValue<string>();
    public string Raw(string field) => Body?[field]?.ToJsonString() ?? "";
}

public static class Txn
{
    /// <summary>A transaction body with sensible defaults; <paramref name="extra"/> adds or overrides fields.</summary>
    public static JsonObject Body(string source, string destination, long preciseAmount, string? reference = null,
        string currency = "USD", int precision = 100, JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["precise_amount"] = preciseAmount,
            ["precision"] = precision,
            ["currency"] = currency,
            ["reference"] = reference ?? $"ref_{Guid.NewGuid():N}",
            ["description"] = "test transaction",
            ["source"] = source,
            ["destination"] = destination,
        };
        foreach (var (key, value) in extra ?? [])
            body[key] = value?.DeepClone();
        return body;
    }
}
