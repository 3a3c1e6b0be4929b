using System.Globalization;
using BlnkSliceApp.DevCloud.Cloud;
using BlnkSliceApp.DevCloud.Cloud.Api;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Dashboard.Components;
using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Lifecycle;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.DevCloud.Dashboard;

/// <summary>
/// The emulated dashboard's pages. Forms post with an antiforgery token (validated by
/// UseAntiforgery because the handlers bind the form) and redirect back, except Launch,
/// whose answer is the page holding the one-time portal link.
/// </summary>
public static class DashboardRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext c, CloudState cloud, CallLog log, AppRegistration registration, IAntiforgery antiforgery) =>
            Home(c, cloud, log, registration, antiforgery, notice: null, isError: false));

        app.MapPost("/install", async (IFormCollection form, HttpContext c, DashboardLifecycle lifecycle, CloudState cloud,
            CallLog log, AppRegistration registration, IAntiforgery antiforgery) =>
        {
            var scopes = form["scopes"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
            if (scopes.Any(scope => !registration.RequestedScopes.Contains(scope)))
                return Home(c, cloud, log, registration, antiforgery, "Choose only permissions the app requested.", isError: true);
            var instance = form["instance_id"].ToString();
            var shape = form["shape"].ToString() == "blnk-example" ? InstallPayloadShape.BlnkExample : InstallPayloadShape.Current;
            var install = await lifecycle.InstallAsync(scopes, string.IsNullOrEmpty(instance) ? null : instance, c.RequestAborted, shape);
            return (IResult)TypedResults.Redirect("/", permanent: false, preserveMethod: false);
        });

        app.MapPost("/installs/{id}/launch", async (string id, IFormCollection form, DashboardLifecycle lifecycle, CloudState cloud, HttpContext c) =>
        {
            var install = cloud.Installs.Find(id);
            if (install is null) return Results.NotFound();
            var result = await lifecycle.LaunchAsync(id, c.RequestAborted);
            return new RazorComponentResult<LaunchPage>(new { Install = install, Result = result })
            {
                StatusCode = result.Succeeded ? 200 : 502,
            };
        });

        app.MapPost("/installs/{id}/uninstall", async (string id, IFormCollection form, DashboardLifecycle lifecycle, HttpContext c) =>
        {
            await lifecycle.UninstallAsync(id, c.RequestAborted);
            return Results.Redirect("/");
        });

        app.MapPost("/installs/{id}/permissions", async (string id, IFormCollection form, DashboardLifecycle lifecycle, CloudState cloud,
            CallLog log, AppRegistration registration, IAntiforgery antiforgery, HttpContext c) =>
        {
            var scopes = form["scopes"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
            if (scopes.Any(scope => !registration.RequestedScopes.Contains(scope)))
                return Home(c, cloud, log, registration, antiforgery, "Choose only permissions the app requested.", isError: true);
            var result = await lifecycle.ChangePermissionsAsync(id, scopes, c.RequestAborted);
            return result.Succeeded
                ? Results.Redirect("/")
                : Home(c, cloud, log, registration, antiforgery, $"The app refused the new permissions: {result.Error}", isError: true);
        });

        app.MapGet("/ledger", (string? instance, HttpContext c, CloudState cloud, IAntiforgery antiforgery) =>
            LedgerRefusalRoutes.Page(c, cloud, antiforgery, instance, notice: null, status: 200));
        LedgerRefusalRoutes.Map(app);

        // Where the portal's "Open in Blnk Cloud" links land: the alert's row on its instance's ledger page.
        app.MapGet("/anomalies/{id}", (string id, CloudState cloud) =>
            cloud.InstanceIds.FirstOrDefault(instance => cloud.Ledger(instance).Find(DataResource.Alerts, id) is not null) is { } owner
                ? Results.Redirect($"/ledger?instance={Uri.EscapeDataString(owner)}#{Uri.EscapeDataString(id)}")
                : Results.NotFound($"No alert {id} in any instance."));

        app.MapGet("/log", (CallLog log) => new RazorComponentResult<LogPage>(new { Calls = log.Recent(1000) }));

        StripeRoutes.Map(app);

        app.MapGet("/faults", (HttpContext c, CloudFaults faults, IAntiforgery antiforgery) =>
            Faults(c, faults, antiforgery, error: null));

        app.MapPost("/faults", (IFormCollection form, HttpContext c, CloudFaults faults, IAntiforgery antiforgery) =>
        {
            var plan = new FaultPlan();
            var error = Read(form, plan);
            if (error is not null)
                return Faults(c, faults, antiforgery, error);
            faults.Plan.CopyFrom(plan);
            return Results.Redirect("/faults");
        });
    }

    static IResult Home(HttpContext c, CloudState cloud, CallLog log, AppRegistration registration, IAntiforgery antiforgery,
        string? notice, bool isError) =>
        new RazorComponentResult<HomePage>(new
        {
            Registration = registration,
            Installs = cloud.Installs.All,
            Instances = cloud.Installs.InstanceIds,
            Calls = log.Recent(20),
            Tokens = antiforgery.GetAndStoreTokens(c),
            Stripe = c.RequestServices.GetRequiredService<StripeConsole>().Emulator,
            Notice = notice,
            NoticeIsError = isError,
        })
        {
            StatusCode = isError ? 400 : 200,
        };

    static IResult Faults(HttpContext c, CloudFaults faults, IAntiforgery antiforgery, string? error) =>
        new RazorComponentResult<FaultsPage>(new
        {
            Plan = faults.Plan,
            Tokens = antiforgery.GetAndStoreTokens(c),
            Injected = faults.Injector.InjectedCount,
            Error = error,
        })
        {
            StatusCode = error is null ? 200 : 400,
        };

    /// <summary>Fills <paramref name="plan"/> from the form; a message when a value is out of range.</summary>
    internal static string? Read(IFormCollection form, FaultPlan plan)
    {
        if (!Int(form, "latency_ms", 0, 60_000, out var latency)) return "Latency must be 0 to 60000 ms.";
        if (!Int(form, "retry_after_seconds", 0, 3600, out var retryAfter)) return "Retry-After must be 0 to 3600 s.";
        if (!Int(form, "timeout_hold_ms", 0, 600_000, out var hold)) return "Time-out hold must be 0 to 600000 ms.";
        if (!Share(form, "percent_500", out var r500) || !Share(form, "percent_503", out var r503)
            || !Share(form, "percent_429", out var r429) || !Share(form, "percent_timeout", out var rTimeout))
            return "Each share must be a percentage from 0 to 100.";
        if (r500 + r503 + r429 + rTimeout > 1) return "The shares add up to more than 100%.";
        plan.LatencyMs = latency;
        plan.RetryAfterSeconds = retryAfter;
        plan.TimeoutHoldMs = hold;
        plan.Rate500 = r500;
        plan.Rate503 = r503;
        plan.Rate429 = r429;
        plan.RateTimeout = rTimeout;
        return null;
    }

    static bool Int(IFormCollection form, string name, int min, int max, out int value) =>
        int.TryParse(form[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    static bool Share(IFormCollection form, string name, out double share)
    {
        share = 0;
        if (!decimal.TryParse(form[name].ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var percent) || percent < 0 || percent > 100)
            return false;
        share = (double)(percent / 100);
        return true;
    }
}
