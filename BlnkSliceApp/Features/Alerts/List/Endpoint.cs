using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using BlnkSliceApp.Features.PortalDashboard;

namespace BlnkSliceApp.Features.Alerts.List;

/// <summary>The install's sync findings, open ones first.</summary>
public sealed class Endpoint(InstallDirectory installs, AlertsViews views) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(AlertsRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        await Send.ResultAsync(PortalViewResults.View<AlertsPanel>(HttpContext, "alerts", new { View = views.For(install) }));
    }
}
