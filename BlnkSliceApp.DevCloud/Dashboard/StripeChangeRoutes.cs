using BlnkSliceApp.DevCloud.Stripe;
using Microsoft.AspNetCore.Antiforgery;

namespace BlnkSliceApp.DevCloud.Dashboard;

/// <summary>The Stripe page's buttons that change the past: a customer edited or deleted, a dispute opened or moved on.</summary>
public static class StripeChangeRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/stripe/customers/{id}", (string id, IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
            Act(c, console, antiforgery, stripe =>
            {
                if (form["action"] == "delete")
                {
                    stripe.Account.DeleteCustomer(id);
                    return $"Customer {id} is deleted; Stripe now answers for it with a stub.";
                }
                var customer = stripe.Account.UpdateCustomer(id, form["email"].ToString(), form["name"].ToString());
                return $"Customer {customer.Id} now has email {customer.Email ?? "(none)"} and name {customer.Name ?? "(none)"}.";
            }));

        app.MapPost("/stripe/disputes", (IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
            Act(c, console, antiforgery, stripe =>
            {
                var charge = form["charge"].ToString().Trim();
                if (charge.Length == 0) throw new ArgumentException("Name the charge to dispute (ch_...).");
                var dispute = stripe.Account.OpenDispute(charge, inquiry: form["inquiry"] == "true");
                return $"Dispute {dispute.Id} is open on {charge} ({dispute.Status}).";
            }));

        app.MapPost("/stripe/disputes/{id}", (string id, IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
            Act(c, console, antiforgery, stripe =>
            {
                var dispute = stripe.Account.MoveDispute(id, form["status"].ToString());
                return $"Dispute {dispute.Id} is now {dispute.Status}.";
            }));
    }

    static IResult Act(HttpContext c, StripeConsole console, IAntiforgery antiforgery, Func<StripeEmulator, string> action)
    {
        if (console.Emulator is not { } stripe)
            return Results.NotFound();
        try
        {
            return StripeRoutes.Page(c, console, antiforgery, action(stripe), isError: false);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return StripeRoutes.Page(c, console, antiforgery, error.Message, isError: true);
        }
    }
}
