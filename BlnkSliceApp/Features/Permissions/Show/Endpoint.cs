using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.Permissions.Show;

public sealed class Endpoint(InstallDirectory installs) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(PermissionsRoutes.View);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        await Send.ResultAsync(PortalViewResults.View<PermissionsPanel>(HttpContext, "permissions", new { Install = install }));
    }
}
