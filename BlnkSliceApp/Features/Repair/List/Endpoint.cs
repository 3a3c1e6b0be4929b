using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.Repair.List;

/// <summary>
/// The Repair view (?page=N pages the refused postings, 25 a page). Reads the app's own records
/// only, so it needs no scope; without data:write its actions are shown disabled, naming it.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, RepairViews views) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(RepairRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        var page = int.TryParse(Query<string>("page", isRequired: false), out var requested) ? requested : 1;
        await Send.ResultAsync(PortalViewResults.View<RepairPanel>(HttpContext, "repair", new { View = views.For(install, page) }));
    }
}
