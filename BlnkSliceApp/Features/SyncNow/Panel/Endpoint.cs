using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.SyncNow.Panel;

/// <summary>The sync bar fragment; it refreshes itself when a key, a setting or a run changes.</summary>
public sealed class Endpoint(InstallDirectory installs, SyncBarViews views) : EndpointWithoutRequest
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

        await Send.ResultAsync(new RazorComponentResult<SyncBar>(new { View = views.For(install) }));
    }
}
