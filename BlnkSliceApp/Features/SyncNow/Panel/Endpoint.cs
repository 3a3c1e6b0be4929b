using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.SyncNow.Panel;

/// <summary>The sync panel fragment; also what a running panel polls.</summary>
public sealed class Endpoint(InstallDirectory installs, SyncPanelViews views) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(SyncNowRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        await Send.ResultAsync(new RazorComponentResult<SyncPanel>(new { View = views.For(install) }));
    }
}
