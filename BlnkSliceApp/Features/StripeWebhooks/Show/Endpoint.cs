using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.StripeWebhooks.Show;

/// <summary>The webhook panel fragment; Settings loads it with hx-get on load.</summary>
public sealed class Endpoint(InstallDirectory installs, WebhookPanels panels) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(WebhookRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        await Send.ResultAsync(panels.Render(install));
    }
}
