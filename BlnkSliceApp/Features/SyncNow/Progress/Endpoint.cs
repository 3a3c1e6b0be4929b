using BlnkSliceApp.Features.Runs;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Htmx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.SyncNow.Progress;

/// <summary>
/// The progress element of one run, polled each second while it runs. The answer that first
/// shows the run finished raises sync-finished, so every view that the run changed refreshes.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, RunHistory history, SyncProgressViews progress) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(SyncNowRoutes.Progress);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        var runId = Query<string>("run", isRequired: false);
        if (string.IsNullOrEmpty(runId) || history.Get(install.InstalledAppId, runId) is not { } run)
        {
            await Send.ResultAsync(new RazorComponentResult<UnknownRun>() { StatusCode = StatusCodes.Status404NotFound });
            return;
        }

        var view = progress.For(run);
        if (view.Finished)
            HttpContext.Response.Htmx(h => h.WithTrigger(PortalEvents.SyncFinished));
        await Send.ResultAsync(new RazorComponentResult<SyncProgress>(new { View = view }));
    }
}
