using BlnkSliceApp.DevCloud.Cloud;
using BlnkSliceApp.DevCloud.Dashboard.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.DevCloud.Dashboard;

/// <summary>
/// The ledger page's "refuse a currency" switch: a Core refusal someone can fix, to try the
/// portal's Repair view by hand (refuse, sync, allow again, retry).
/// </summary>
public static class LedgerRefusalRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/ledger/refusals", (IFormCollection form, HttpContext c, CloudState cloud, IAntiforgery antiforgery) =>
        {
            var instance = form["instance"].ToString();
            if (!cloud.InstanceIds.Contains(instance))
                return Page(c, cloud, antiforgery, null, $"No instance {instance}: install the app first.", 400);
            var ledger = cloud.Ledger(instance);
            var currency = form["currency"].ToString().Trim().ToUpperInvariant();
            try
            {
                if (form["action"] == "allow")
                {
                    ledger.AllowCurrency(currency);
                    return Page(c, cloud, antiforgery, instance, $"Transactions in {currency} are accepted again.", 200);
                }
                ledger.RefuseCurrency(currency, form["reason"].ToString());
                return Page(c, cloud, antiforgery, instance, $"New transactions in {currency} are refused until you allow them again.", 200);
            }
            catch (ArgumentException error)
            {
                return Page(c, cloud, antiforgery, instance, error.Message, 400);
            }
        });
    }

    public static IResult Page(HttpContext c, CloudState cloud, IAntiforgery antiforgery, string? instance, string? notice, int status) =>
        new RazorComponentResult<LedgerPage>(new { View = LedgerView.Of(cloud, instance), Tokens = antiforgery.GetAndStoreTokens(c), Notice = notice })
        {
            StatusCode = status,
        };
}
