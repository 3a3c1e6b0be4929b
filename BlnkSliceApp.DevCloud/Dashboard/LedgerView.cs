using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud;
using BlnkSliceApp.DevCloud.Cloud.Ledger;

namespace BlnkSliceApp.DevCloud.Dashboard;

/// <summary>One instance's ledger as the page shows it (a snapshot; the ledger keeps moving).</summary>
public sealed record LedgerView(
    string? InstanceId,
    IReadOnlyList<string> Instances,
    IReadOnlyList<JsonObject> Balances,
    IReadOnlyList<JsonObject> Transactions,
    int TransactionTotal,
    IReadOnlyList<JsonObject> Identities,
    IReadOnlyList<JsonObject> Alerts)
{
    /// <summary>Currencies this ledger refuses on purpose, and the reason it gives (see <see cref="InstanceLedger.RefuseCurrency"/>).</summary>
    public IReadOnlyDictionary<string, string> Refused { get; init; } = new Dictionary<string, string>();

    public const int ShownTransactions = 200;

    public static LedgerView Of(CloudState cloud, string? instanceId)
    {
        var instances = cloud.InstanceIds;
        instanceId ??= instances.FirstOrDefault();
        if (instanceId is null || !instances.Contains(instanceId))
            return new LedgerView(null, instances, [], [], 0, [], []);
        var ledger = cloud.Ledger(instanceId);
        var transactions = ledger.Snapshot(DataResource.Transactions);
        return new LedgerView(instanceId, instances,
            ledger.Snapshot(DataResource.Balances),
            transactions.Reverse().Take(ShownTransactions).ToList(),
            transactions.Count,
            ledger.Snapshot(DataResource.Identities),
            ledger.Snapshot(DataResource.Alerts))
        {
            Refused = ledger.RefusedCurrencies,
        };
    }

    public static string Text(JsonObject row, string field) => row[field]?.ToString() ?? "";

    /// <summary>A balance or transaction amount in major units, exact (integers over the precision).</summary>
    public static string Amount(JsonObject row, string field, string precisionField)
    {
        var units = BigInteger.Parse(row[field]!.ToJsonString(), CultureInfo.InvariantCulture);
        var precision = BigInteger.Parse(row[precisionField]!.ToJsonString(), CultureInfo.InvariantCulture);
        return ExactNumber.Format(units, precision);
    }
}
