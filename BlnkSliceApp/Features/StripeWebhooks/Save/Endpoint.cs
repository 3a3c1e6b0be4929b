using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.StripeWebhooks.Save;

/// <summary>
/// Saves (or replaces) the install's webhook signing secret, sealed. Stripe cannot be asked
/// whether a secret is right: the first delivery proves it (the panel shows the last event).
/// </summary>
public sealed class Endpoint(InstallDirectory installs, WebhookEndpoints endpoints, WebhookPanels panels, ILogger<Endpoint> logger) : Endpoint<Request>
{
    public override void Configure()
    {
        Post(WebhookRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
        // A refusal is a message in the panel, not a ProblemDetails.
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (ValidationFailed)
        {
            await Send.ResultAsync(panels.Render(install, StatusCodes.Status422UnprocessableEntity, fieldError: ValidationFailures[0].ErrorMessage));
            return;
        }

        var replaced = endpoints.SaveSecret(install.InstalledAppId, request.SigningSecret!.Trim());
        if (installs.FindActive(install.InstalledAppId) is null)
        {
            // Uninstalled meanwhile: the secret must not outlive the install.
            endpoints.EraseInstallData(install.InstalledAppId);
            await Send.ResultAsync(SessionEndedReasons.Page(SessionEndedReason.Uninstalled));
            return;
        }
        logger.LogInformation("Install {InstalledAppId}: Stripe webhook signing secret {Action}", install.InstalledAppId, replaced ? "replaced" : "saved");
        await Send.ResultAsync(panels.Render(install, notice: replaced
            ? "Signing secret replaced. Deliveries signed with the old one are refused from now on."
            : "Signing secret saved. Stripe's next event starts a sync within seconds."));
    }
}
