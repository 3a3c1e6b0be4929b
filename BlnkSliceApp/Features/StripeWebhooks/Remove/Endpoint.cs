using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.StripeWebhooks.Remove;

/// <summary>Deletes the install's signing secret after a confirmation; Stripe's deliveries are refused from then on.</summary>
public sealed class Endpoint(InstallDirectory installs, WebhookEndpoints endpoints, WebhookPanels panels, ILogger<Endpoint> logger) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post(WebhookRoutes.Remove);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        var confirm = HttpContext.Request.HasFormContentType ? (await HttpContext.Request.ReadFormAsync(ct))["confirm"].ToString() : "";
        var has = endpoints.Find(install.InstalledAppId) is { Secret: not null };
        if (!string.Equals(confirm, "remove", StringComparison.Ordinal))
        {
            await Send.ResultAsync(panels.Render(install, has ? StatusCodes.Status200OK : StatusCodes.Status409Conflict,
                error: has ? null : "This install has no webhook signing secret to remove.", confirmRemove: true));
            return;
        }
        var removed = endpoints.RemoveSecret(install.InstalledAppId);
        if (removed)
            logger.LogInformation("Install {InstalledAppId}: Stripe webhook signing secret removed", install.InstalledAppId);
        await Send.ResultAsync(panels.Render(install, notice: removed ? "The signing secret was removed; Stripe's deliveries are refused from now on." : "This install had no signing secret."));
    }
}
