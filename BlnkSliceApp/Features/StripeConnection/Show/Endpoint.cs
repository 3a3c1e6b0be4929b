using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.StripeConnection.Show;

/// <summary>The Stripe panel fragment; the portal home loads it with hx-get on load.</summary>
public sealed class Endpoint(InstallDirectory installs, StripePanels panels) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(StripeRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        await Send.ResultAsync(await panels.RenderAsync(install, ct));
    }
}
