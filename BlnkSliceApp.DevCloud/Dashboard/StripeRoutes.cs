using System.Globalization;
using BlnkSliceApp.DevCloud.Dashboard.Components;
using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Stripe;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.DevCloud.Dashboard;

/// <summary>
/// The emulated Stripe account's page: what it holds, and the controls that give an
/// incremental sync something new, make a large account for benchmarks, or break Stripe's API.
/// </summary>
public static class StripeRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/stripe", (HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
            Page(c, console, antiforgery, notice: null, isError: false));

        app.MapPost("/stripe/activity", (IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
        {
            if (console.Emulator is not { } stripe)
                return Results.NotFound();
            if (!Count(form, "payments", 0, 1000, out var payments) || !Count(form, "refunds", 0, 100, out var refunds)
                || !Count(form, "payouts", 0, 100, out var payouts) || !Count(form, "customers", 0, 1000, out var customers))
                return Page(c, console, antiforgery, "Counts must be whole numbers: up to 1000 payments and customers, 100 refunds and payouts.", isError: true);
            try
            {
                var result = stripe.Account.AddActivity(new StripeActivityRequest { Payments = payments, Refunds = refunds, Payouts = payouts, Customers = customers });
                return Page(c, console, antiforgery, $"Added: {Describe(result)}.", isError: false);
            }
            catch (ArgumentException invalid)
            {
                return Page(c, console, antiforgery, invalid.Message, isError: true);
            }
        });

        app.MapPost("/stripe/unmapped", (IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
        {
            if (console.Emulator is not { } stripe)
                return Results.NotFound();
            if (!long.TryParse(form["amount"].ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
                return Page(c, console, antiforgery, "The amount is a whole number of minor units (1234 is 12.34 USD).", isError: true);
            try
            {
                var txn = stripe.Account.AddUnmappedActivity(form["category"].ToString(), form["currency"].ToString().Trim().ToLowerInvariant(), amount);
                return Page(c, console, antiforgery, $"Added {txn.Id} ({txn.ReportingCategory}, {txn.Amount} {txn.Currency}).", isError: false);
            }
            catch (ArgumentException invalid)
            {
                return Page(c, console, antiforgery, invalid.Message, isError: true);
            }
        });

        app.MapPost("/stripe/generate", (IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
        {
            if (console.Emulator is not { } stripe)
                return Results.NotFound();
            if (!Count(form, "balance_transactions", 1, 1_000_000, out var transactions) || !Count(form, "customers", 1, 100_000, out var customers))
                return Page(c, console, antiforgery, "Up to 1,000,000 balance transactions over up to 100,000 customers.", isError: true);
            var result = stripe.Account.GenerateLarge(transactions, customers);
            return Page(c, console, antiforgery, $"Generated {result.BalanceTransactions:N0} balance transactions over {result.Customers:N0} customers.", isError: false);
        });

        // The payout controls: what the bank and Stripe do to a payout after it is made.
        app.MapPost("/stripe/payouts/{id}", (string id, IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
        {
            if (console.Emulator is not { } stripe)
                return Results.NotFound();
            var action = form["action"].ToString();
            try
            {
                if (action == "reconcile")
                {
                    stripe.Account.CompletePayoutReconciliation(id);
                    return Page(c, console, antiforgery, $"Stripe has worked out what payout {id} holds: its reconciliation is completed.", isError: false);
                }
                var change = stripe.Account.SetPayoutStatus(id, action);
                return Page(c, console, antiforgery, $"Payout {id} is now {change.Status}" +
                    (change.BalanceTransactionId is { } returned ? $"; {returned} returned its money to the balance." : "."), isError: false);
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                return Page(c, console, antiforgery, error.Message, isError: true);
            }
        });

        StripeChangeRoutes.Map(app);
        StripeWebhookRoutes.Map(app);

        app.MapPost("/stripe/faults", (IFormCollection form, HttpContext c, StripeConsole console, IAntiforgery antiforgery) =>
        {
            if (console.Emulator is not { } stripe)
                return Results.NotFound();
            var plan = new FaultPlan();
            if (DashboardRoutes.Read(form, plan) is { } error)
                return Page(c, console, antiforgery, error, isError: true);
            stripe.Faults.CopyFrom(plan);
            return Results.Redirect("/stripe");
        });
    }

    internal static IResult Page(HttpContext c, StripeConsole console, IAntiforgery antiforgery, string? notice, bool isError) =>
        new RazorComponentResult<StripePage>(new
        {
            Stripe = console.Emulator,
            Tokens = antiforgery.GetAndStoreTokens(c),
            Notice = notice,
            NoticeIsError = isError,
        })
        {
            StatusCode = isError ? 400 : 200,
        };

    static string Describe(StripeActivityResult result) =>
        $"{result.ChargeIds.Count} payments, {result.RefundIds.Count} refunds, {result.PayoutIds.Count} payouts, " +
        $"{result.CustomerIds.Count} customers ({result.BalanceTransactionIds.Count} balance transactions)";

    static bool Count(IFormCollection form, string name, int min, int max, out int value)
    {
        var text = form[name].ToString();
        if (string.IsNullOrEmpty(text))
        {
            value = 0;
            return min == 0;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
