using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync.Runs;
using Htmx;

namespace BlnkSliceApp.Features.Repair;

/// <summary>How the repair actions answer: the view with a notice, the events that refresh the others, or a refusal.</summary>
public static class RepairAnswers
{
    /// <summary>How long an action waits for its run before answering "still going" (a repair is a few postings).</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(8);

    /// <summary>A missing permission: ProblemDetails (portal.js shows its detail in place); nothing was changed.</summary>
    public static IResult Forbidden(HttpContext context, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not permitted", detail: detail, instance: context.Request.Path);

    public static IResult View(HttpContext context, RepairView view, int status = StatusCodes.Status200OK) =>
        PortalViewResults.View<RepairPanel>(context, "repair", new { View = view }, status);

    /// <summary>A run changed the ledger (or is about to): every view it touches refreshes.</summary>
    public static void Changed(HttpContext context, bool stillRunning) =>
        context.Response.Htmx(h => h.WithTrigger(stillRunning ? PortalEvents.SyncStarted : PortalEvents.RepairDone));

    /// <summary>Why no repair run started, for the notice and the status.</summary>
    public static (int Status, string Text) Refused(SyncStart start) =>
        start.AlreadyRunning
            ? (StatusCodes.Status409Conflict, "Nothing was changed: a sync run is in progress for this install. Try again when it has ended (the sync bar shows it).")
            : start.Refusal switch
            {
                SyncStartRefusal.MissingPermission => (StatusCodes.Status403Forbidden, $"Nothing was changed: {start.RefusalMessage}"),
                SyncStartRefusal.NoStripeKey => (StatusCodes.Status409Conflict, $"Nothing was changed: a repair run reconciles with Stripe too. {start.RefusalMessage}"),
                _ => (StatusCodes.Status503ServiceUnavailable, $"Nothing was changed: {start.RefusalMessage}"),
            };
}
