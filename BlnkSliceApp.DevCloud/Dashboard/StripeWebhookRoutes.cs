using System.Globalization;
using BlnkSliceApp.DevCloud.Lifecycle;
using Microsoft.AspNetCore.Antiforgery;

namespace BlnkSliceApp.DevCloud.Dashboard;

/// <summary>The dashboard's webhook buttons: Connect webhook for an install, and the Stripe page's "lose the next events".</summary>
public static class StripeWebhookRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/stripe/webhooks/lose", (IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
        {
            if (console.Emulator is not { } stripe)
                return Results.NotFound();
            if (!int.TryParse(form["count"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count is < 0 or > 1000)
                return StripeRoutes.Page(c, console, antiforgery, "Lose from 0 to 1000 events.", isError: true);
            stripe.Webhooks.LoseNext = count;
            return StripeRoutes.Page(c, console, antiforgery, $"The next {count} event(s) will be lost; the app's daily safety run finds what they announced.", isError: false);
        });

        app.MapPost("/installs/{id}/webhook", async (string id, IFormCollection form, StripeConsole console, DashboardLifecycle lifecycle, HttpContext c, IAntiforgery antiforgery) =>
        {
            if (console.Emulator is not { } stripe)
                return Results.NotFound();
            var result = await WebhookConnection.ConnectAsync(lifecycle, stripe, id, c.RequestAborted);
            return result.Succeeded
                ? StripeRoutes.Page(c, console, antiforgery, $"Webhook connected for {id}: {result.Url} receives this account's events, and its signing secret is saved in the app's portal.", isError: false)
                : StripeRoutes.Page(c, console, antiforgery, $"The webhook of {id} could not be connected: {result.Error}", isError: true);
        });
    }
}
