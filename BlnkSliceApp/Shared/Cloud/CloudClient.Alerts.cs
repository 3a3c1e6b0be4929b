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

    static CloudAlert ToAlert(JsonObject alert) =>
        new(Text(alert["anomaly_id"]) ?? Text(alert["id"]) ?? throw new CloudCallException("Blnk Cloud answered with an alert without an id."),
            Text(alert["status"]) ?? FlaggedStatus);
}
