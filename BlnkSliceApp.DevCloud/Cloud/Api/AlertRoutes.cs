using BlnkSliceApp.DevCloud.Cloud.Data;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using static BlnkSliceApp.DevCloud.Cloud.Api.CloudJson;

namespace BlnkSliceApp.DevCloud.Cloud.Api;

/// <summary>
/// Cloud's alerts. The list uses the Data API's envelope, paging and filters (the public
/// documentation does not show the list shape; this is our choice, documented here).
/// </summary>
public static class AlertRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/alerts");
        alerts.MapGet("", (HttpContext c) =>
            Answer(200, DataQuery.Parse(c.Request.Query, defaultPageSize: 20).Run(LedgerOf(c).Snapshot(DataResource.Alerts))));
        alerts.MapGet("/{id}", (HttpContext c, string id) => Answer(200, LedgerOf(c).GetAlert(id)));
        alerts.MapPost("/flag/{entityId}", async (HttpContext c, string entityId) => Answer(201, LedgerOf(c).FlagAlert(entityId, await BodyAsync(c))));
        alerts.MapPut("/flag/{alertId}", async (HttpContext c, string alertId) => Answer(200, LedgerOf(c).UpdateAlert(alertId, await BodyAsync(c))));
    }
}
