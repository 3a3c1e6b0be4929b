using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.Runs.List;

/// <summary>The Runs view: a page of runs (?page=N, 25 a page), newest first.</summary>
public sealed class Endpoint(InstallDirectory installs, RunDetails runs) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(RunRoutes.List);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        var page = int.TryParse(Query<string>("page", isRequired: false), out var requested) ? requested : 1;
        await Send.ResultAsync(PortalViewResults.View<RunsPanel>(HttpContext, "runs", new { View = runs.Page(install.InstalledAppId, page) }));
    }
}
