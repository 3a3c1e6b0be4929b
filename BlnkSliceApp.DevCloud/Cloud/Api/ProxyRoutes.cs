using static BlnkSliceApp.DevCloud.Cloud.Api.CloudJson;

namespace BlnkSliceApp.DevCloud.Cloud.Api;

/// <summary><c>/proxy/...</c>: Blnk Core's own routes, methods and bodies, behind Cloud's gate.</summary>
public static class ProxyRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var proxy = app.MapGroup("/proxy");

        proxy.MapPost("/ledgers", Handle(async c => Answer(201, LedgerOf(c).CreateLedger(await BodyAsync(c)))));
        proxy.MapGet("/ledgers", (HttpContext c) => Answer(200, LedgerOf(c).ListLedgers()));
        proxy.MapGet("/ledgers/{id}", (HttpContext c, string id) => Answer(200, LedgerOf(c).GetLedger(id)));

        proxy.MapPost("/balances", Handle(async c => Answer(201, LedgerOf(c).CreateBalance(await BodyAsync(c)))));
        proxy.MapGet("/balances/{id}", (HttpContext c, string id) => Answer(200, LedgerOf(c).GetBalance(id)));
        proxy.MapPut("/balances/{id}/identity", async (HttpContext c, string id) => Answer(200, LedgerOf(c).LinkIdentity(id, await BodyAsync(c))));
        proxy.MapGet("/balances/indicator/{indicator}/currency/{currency}",
            (HttpContext c, string indicator, string currency) => Answer(200, LedgerOf(c).GetIndicatorBalance(indicator, currency)));

        proxy.MapPost("/identities", Handle(async c => Answer(201, LedgerOf(c).CreateIdentity(await BodyAsync(c)))));
        proxy.MapGet("/identities/{id}", (HttpContext c, string id) => Answer(200, LedgerOf(c).GetIdentity(id)));
        proxy.MapPut("/identities/{id}", async (HttpContext c, string id) => Answer(200, LedgerOf(c).ReplaceIdentity(id, await BodyAsync(c))));

        proxy.MapPost("/transactions", Handle(async c => Answer(LedgerOf(c).CreateTransaction(await BodyAsync(c)))));
        proxy.MapPost("/transactions/bulk", Handle(async c => Answer(LedgerOf(c).CreateBulk(await BodyAsync(c)))));
        proxy.MapGet("/transactions/{id}", (HttpContext c, string id) => Answer(200, LedgerOf(c).GetTransaction(id)));

        proxy.MapPost("/{entityId}/metadata", async (HttpContext c, string entityId) => Answer(200, LedgerOf(c).MergeMetadata(entityId, await BodyAsync(c))));
    }
}
