using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Data;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using static BlnkSliceApp.DevCloud.Cloud.Api.CloudJson;

namespace BlnkSliceApp.DevCloud.Cloud.Api;

/// <summary>
/// <c>/data/&lt;resource&gt;</c> answers <c>{"data": [...], "total": N}</c>;
/// <c>/data/&lt;resource&gt;/&lt;id&gt;</c> answers the record itself (Cloud's documentation is
/// silent on the detail shape; the bare object matches the Proxy API's reads).
/// </summary>
public static class DataRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var data = app.MapGroup("/data");
        data.MapGet("/{resource}", (HttpContext c, string resource) =>
        {
            var kind = Resource(resource);
            var query = DataQuery.Parse(c.Request.Query, DataResources.DefaultPageSize(kind));
            var ledger = LedgerOf(c);
            // A look-up by reference (how the app checks "did this post?") uses the reference index,
            // so a benchmark ledger of 100,000 transactions does not turn each look-up into a scan.
            var rows = kind == DataResource.Transactions && query.EqualsValue("reference") is { } reference
                ? (ledger.FindTransactionByReference(reference) is { } row ? [row] : [])
                : kind == DataResource.Transactions && query.InValues("reference") is { } references
                    ? references.Distinct(StringComparer.Ordinal).Select(ledger.FindTransactionByReference).OfType<JsonObject>().Where(query.Matches).ToList()
                    : ledger.Select(kind, query.Matches);
            return Answer(200, query.Run(rows));
        });
        data.MapGet("/{resource}/{id}", (HttpContext c, string resource, string id) =>
        {
            var kind = Resource(resource);
            return Answer(200, LedgerOf(c).Find(kind, id) ?? throw CloudApiException.NotFound($"{resource[..^1]} with ID '{id}' not found"));
        });
    }

    static DataResource Resource(string name) =>
        DataResources.TryParse(name, out var kind)
            ? kind
            : throw CloudApiException.NotFound($"unknown resource '{name}': use ledgers, balances, transactions or identities");
}
