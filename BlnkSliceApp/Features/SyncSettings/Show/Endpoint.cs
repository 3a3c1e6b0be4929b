using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using BlnkSliceApp.Features.PortalDashboard;

namespace BlnkSliceApp.Features.SyncSettings.Show;

/// <summary>The settings form with the saved values.</summary>
public sealed class Endpoint(InstallDirectory installs, SettingsViews views) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(SettingsRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        await Send.ResultAsync(PortalViewResults.View<SettingsPage>(HttpContext, "settings", new { View = views.For(install) }));
    }
}
