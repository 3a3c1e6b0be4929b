using BlnkSliceApp.Features.Overview;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.PortalDashboard.Home;

/// <summary>The portal home: the Overview, as a fragment for htmx, the whole page otherwise.</summary>
public sealed class Endpoint(InstallDirectory installs, OverviewViews overview) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(PortalRoutes.Home);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        await Send.ResultAsync(PortalViewResults.View<OverviewPanel>(HttpContext, "overview", new { View = overview.For(install) }));
    }
}
