using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Stripe;
using FastEndpoints;
using Htmx;

namespace BlnkSliceApp.Features.StripeConnection.Remove;

/// <summary>Deletes the install's own key; the server's STRIPE_SECRET_KEY, if any, applies again.</summary>
public sealed class Endpoint(InstallDirectory installs, StripeKeys keys, StripeGateway gateway, StripePanels panels, ILogger<Endpoint> logger) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post(StripeRoutes.Remove);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        // Removing stops the sync: it takes a second, explicit step (the confirmation form's field).
        var confirm = HttpContext.Request.HasFormContentType ? (await HttpContext.Request.ReadFormAsync(ct))["confirm"].ToString() : "";
        if (!string.Equals(confirm, "remove", StringComparison.Ordinal))
        {
            await Send.ResultAsync(await panels.RenderAsync(install, ct, confirmRemove: true,
                statusCode: keys.HasOwnKey(install.InstalledAppId) ? StatusCodes.Status200OK : StatusCodes.Status409Conflict,
                error: keys.HasOwnKey(install.InstalledAppId) ? null : "This install has no Stripe key of its own to remove."));
            return;
        }

        var previous = keys.OwnKey(install.InstalledAppId);
        var removed = keys.Remove(install.InstalledAppId);
        if (removed)
        {
            if (previous is not null)
                gateway.Forget(previous.SecretKey);
            logger.LogInformation("Install {InstalledAppId}: Stripe key removed", install.InstalledAppId);
            HttpContext.Response.Htmx(h => h.WithTrigger(PortalEvents.StripeChanged));
        }
        await Send.ResultAsync(await panels.RenderAsync(install, ct, notice: removed ? "The Stripe key was removed." : "This install had no Stripe key of its own."));
    }
}
