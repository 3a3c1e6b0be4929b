using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.Runs.Detail;

/// <summary>One run of the session's install; any other id is a 404 message in place.</summary>
public sealed class Endpoint(InstallDirectory installs, RunDetails runs) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(RunRoutes.DetailPattern);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        if (runs.Detail(install.InstalledAppId, Route<string>("runId") ?? "") is not { } view)
        {
            await Send.ResultAsync(PortalViewResults.Missing(HttpContext, "runs", "This run does not exist for this install. Open Runs to see the runs there are."));
            return;
        }
        await Send.ResultAsync(PortalViewResults.View<RunDetailPanel>(HttpContext, "runs", new { View = view }));
    }
}
