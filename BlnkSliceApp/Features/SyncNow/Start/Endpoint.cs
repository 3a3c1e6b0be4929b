using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync.Runs;
using FastEndpoints;
using Htmx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.SyncNow.Start;

/// <summary>
/// "Sync now": starts a run in the background and answers at once with the bar showing it.
/// A refusal answers the same bar with the reason and a 4xx status, which portal.js swaps in.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, SyncBarViews views, ISyncLauncher launcher) : EndpointWithoutRequest
{
    public const string AlreadyRunningNote = "A sync is already running for this install; here is its progress.";

    public override void Configure()
    {
        Post(SyncNowRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        // The launcher checks too; refusing here keeps a read-only install from reaching it at all.
        var start = SyncBarViews.MissingSyncScopes(install) is { } missing
            ? new SyncStart(null, false, SyncStartRefusal.MissingPermission,
                $"Syncing needs the {missing} permission, which this install was not granted. An admin can reinstall the app in Blnk Cloud and grant it.")
            : launcher.Start(install.InstalledAppId, SyncTrigger.Manual);

        if (!start.Started)
        {
            Logger.LogInformation("Sync now refused for {InstalledAppId}: {Refusal}", install.InstalledAppId, start.Refusal);
            var refused = views.For(install, refusal: RefusalText(start));
            await Send.ResultAsync(new RazorComponentResult<SyncBar>(new { View = refused }) { StatusCode = StatusOf(start.Refusal) });
            return;
        }

        Logger.LogInformation("Sync now for {InstalledAppId}: run {RunId}{Already}", install.InstalledAppId, start.Run?.RunId, start.AlreadyRunning ? " (already running)" : "");
        if (!start.AlreadyRunning)
            HttpContext.Response.Htmx(h => h.WithTrigger(PortalEvents.SyncStarted));
        var view = views.For(install, note: start.AlreadyRunning ? AlreadyRunningNote : null);
        await Send.ResultAsync(new RazorComponentResult<SyncBar>(new { View = view }));
    }

    public static int StatusOf(SyncStartRefusal refusal) => refusal switch
    {
        SyncStartRefusal.MissingPermission => StatusCodes.Status403Forbidden,
        SyncStartRefusal.NoStripeKey => StatusCodes.Status409Conflict,
        // The session already proved the install active, so this is a race with uninstall or the
        // app shutting down: "try again in a moment".
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The launcher's words when it gave some (they are written for people and hold no secret), else ours.</summary>
    static string RefusalText(SyncStart start) => string.IsNullOrWhiteSpace(start.RefusalMessage)
        ? start.Refusal switch
        {
            SyncStartRefusal.MissingPermission => "Syncing needs the data:read and data:write permissions. An admin can reinstall the app in Blnk Cloud and grant them.",
            SyncStartRefusal.NoStripeKey => "Connect a Stripe account first: enter a Stripe secret or restricted key under Settings.",
            _ => "The app is not installed in this instance any more, so it cannot sync.",
        }
        : start.RefusalMessage;
}
