using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

/// <summary>Cloud's alerts (anomalies) of the instance, flagged on a balance, transaction or identity.</summary>
public sealed partial class InstanceLedger
{
    public const string FlaggedStatus = "FLAGGED";

    public JsonObject FlagAlert(string entityId, JsonObject body)
    {
        var title = TransactionRequest.RequiredText(body, "title");
        var description = TransactionRequest.RequiredText(body, "description");
        lock (_gate)
        {
            var affected = entityId switch
            {
                _ when _balances.ContainsKey(entityId) => "affected_balances",
                _ when _transactions.ContainsKey(entityId) => "affected_transactions",
                _ when _identities.ContainsKey(entityId) => "affected_identities",
                _ => throw CloudApiException.NotFound($"no balance, transaction or identity with ID '{entityId}'"),
            };
            var now = CloudTime.Format(Now);
            var alert = new JsonObject
            {
                ["anomaly_id"] = CloudIds.New("anm"),
                ["title"] = title,
                ["description"] = description,
                ["type"] = "manual",
                ["status"] = FlaggedStatus,
                ["assigned_to"] = null,
                ["escalated_to"] = null,
                ["created_at"] = now,
                ["updated_at"] = now,
                ["affected_balances"] = new JsonArray(),
                ["affected_identities"] = new JsonArray(),
                ["affected_transactions"] = new JsonArray(),
                ["_seq"] = NextSequence(),
            };
            alert[affected]!.AsArray().Add(entityId);
            _alerts[alert["anomaly_id"]!.GetValue<string>()] = alert;
            return PublicCopy(alert);
        }
    }

    public JsonObject UpdateAlert(string alertId, JsonObject body)
    {
        var title = TransactionRequest.OptionalText(body, "title");
        var description = TransactionRequest.OptionalText(body, "description");
        var status = TransactionRequest.OptionalText(body, "status")?.Trim().ToUpperInvariant();
        if (title is null && description is null && status is null)
            throw CloudApiException.BadRequest("send at least one of title, description or status");
        lock (_gate)
        {
            if (!_alerts.TryGetValue(alertId, out var alert))
                throw CloudApiException.NotFound($"alert with ID '{alertId}' not found");
            if (title is not null) alert["title"] = title;
            if (description is not null) alert["description"] = description;
            if (status is not null) alert["status"] = status;
            alert["updated_at"] = CloudTime.Format(Now);
            return PublicCopy(alert);
        }
    }

    public JsonObject GetAlert(string alertId) =>
        Find(DataResource.Alerts, alertId) ?? throw CloudApiException.NotFound($"alert with ID '{alertId}' not found");
}
