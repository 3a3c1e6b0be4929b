using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.Overview.Show;

/// <summary>The Overview view, the portal's landing view.</summary>
public sealed class Endpoint(InstallDirectory installs, OverviewViews views) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(OverviewRoutes.View);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        await Send.ResultAsync(PortalViewResults.View<OverviewPanel>(HttpContext, "overview", new { View = views.For(install) }));
    }
}
