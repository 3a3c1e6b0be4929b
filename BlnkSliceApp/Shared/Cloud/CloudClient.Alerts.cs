using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Shared.Cloud;

public sealed partial class CloudClient
{
    public const string FlaggedStatus = "FLAGGED";
    public const string ResolvedStatus = "RESOLVED";

    /// <summary>POST /alerts/flag/&lt;entity&gt; (alerts:write): a new alert on a balance, transaction or identity.</summary>
    public async Task<CloudAlert> FlagAlertAsync(string entityId, string title, string description, CancellationToken ct)
    {
        const string what = "raise an alert in Blnk Cloud";
        // No idempotency key exists for alerts: only a call Cloud surely turned away is repeated.
        var answer = await SendAsync(HttpMethod.Post, $"alerts/flag/{Uri.EscapeDataString(entityId)}", null,
            new JsonObject { ["title"] = title, ["description"] = description }, Scopes.AlertsWrite, RetryMode.OnlyWhenNotCarriedOut, what, ct);
        if (!answer.Ok || answer.Object is not { } alert) throw Failure(answer, what);
        return ToAlert(alert);
    }

    /// <summary>PUT /alerts/flag/&lt;alert&gt; (alerts:write); null when Cloud no longer has the alert.</summary>
    public async Task<CloudAlert?> UpdateAlertAsync(string alertId, string? title, string? description, string? status, CancellationToken ct)
    {
        const string what = "update an alert in Blnk Cloud";
        var body = new JsonObject();
        if (title is not null) body["title"] = title;
        if (description is not null) body["description"] = description;
        if (status is not null) body["status"] = status;
        var answer = await SendAsync(HttpMethod.Put, $"alerts/flag/{Uri.EscapeDataString(alertId)}", null, body, Scopes.AlertsWrite, RetryMode.Any, what, ct);
        if (answer.Status == 404) return null;
        if (!answer.Ok || answer.Object is not { } alert) throw Failure(answer, what);
        return ToAlert(alert);
    }

    public Task<CloudAlert?> ResolveAlertAsync(string alertId, string? description, CancellationToken ct) =>
        UpdateAlertAsync(alertId, null, description, ResolvedStatus, ct);

    /// <summary>
    /// GET /alerts (alerts:read): one page of the instance's alerts, with the Data API's paging
    /// and filters (<c>anomaly_id_in=...</c>), and the total.
    /// </summary>
    public async Task<CloudAlertPage> ListAlertsAsync(IEnumerable<KeyValuePair<string, string>> filters, int page, int pageSize, CancellationToken ct)
    {
        var (rows, total) = await PageAsync("alerts", filters, Scopes.AlertsRead, "list the instance's alerts", ct, page, pageSize);
        return new CloudAlertPage(rows.Select(ToDetails).ToList(), total);
    }

    /// <summary>The alerts with these ids (alerts:read), in one call for up to 100.</summary>
    public async Task<IReadOnlyList<CloudAlertDetails>> FindAlertsAsync(IReadOnlyCollection<string> alertIds, CancellationToken ct)
    {
        if (alertIds.Count == 0) return [];
        var found = new List<CloudAlertDetails>();
        foreach (var chunk in alertIds.Chunk(100))
            found.AddRange((await ListAlertsAsync([Q("anomaly_id_in", string.Join(',', chunk))], 1, chunk.Length, ct)).Alerts);
        return found;
    }

    /// <summary>GET /alerts/&lt;id&gt; (alerts:read); null when Cloud has no such alert.</summary>
    public async Task<CloudAlertDetails?> GetAlertAsync(string alertId, CancellationToken ct) =>
        await GetAsync($"alerts/{Uri.EscapeDataString(alertId)}", Scopes.AlertsRead, "read an alert in Blnk Cloud", ct) is { } alert ? ToDetails(alert) : null;

    static CloudAlertDetails ToDetails(JsonObject alert) => new(
        ToAlert(alert).AlertId,
        Text(alert["title"]) ?? "",
        Text(alert["description"]) ?? "",
        Text(alert["status"]) ?? FlaggedStatus,
        Time(alert["created_at"]),
        Time(alert["updated_at"]),
        Ids(alert["affected_transactions"]),
        Ids(alert["affected_balances"]),
        Ids(alert["affected_identities"]));

    static DateTimeOffset? Time(JsonNode? node) =>
        Text(node) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    static IReadOnlyList<string> Ids(JsonNode? node) =>
        node is JsonArray array ? array.Select(item => Text(item)).OfType<string>().ToList() : [];

    static CloudAlert ToAlert(JsonObject alert) =>
        new(Text(alert["anomaly_id"]) ?? Text(alert["id"]) ?? throw new CloudCallException("Blnk Cloud answered with an alert without an id."),
            Text(alert["status"]) ?? FlaggedStatus);
}
