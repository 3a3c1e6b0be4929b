using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Store;
using FastEndpoints;
using Htmx;

namespace BlnkSliceApp.Features.StripeConnection.Connect;

/// <summary>
/// Connects (or replaces) the install's Stripe key. The key is checked with Stripe first; a
/// refused key gets Stripe's reason and changes nothing. The key is never written back into
/// the page, a log line or an error.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, StripeKeys keys, StripeGateway gateway, StripePanels panels, SyncStates states, ILogger<Endpoint> logger)
    : Endpoint<Request>
{
    public override void Configure()
    {
        Post(StripeRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
        // A refusal is a portal message in the panel, not a ProblemDetails.
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        if (ValidationFailed)
        {
            // The message goes next to the field, and the panel stays as it was: a 422 the form shows.
            await Send.ResultAsync(await panels.RenderAsync(install, ct, fieldError: ValidationFailures[0].ErrorMessage, statusCode: StatusCodes.Status422UnprocessableEntity));
            return;
        }

        var key = request.SecretKey!.Trim();
        var synced = states.Get(install.InstalledAppId);
        if (synced.StripeLive is { } live && live != StripeKeyFormat.IsLive(key))
        {
            await Send.ResultAsync(await panels.RenderAsync(install, ct, error: StripeModes.Mismatch(live), statusCode: StatusCodes.Status422UnprocessableEntity));
            return;
        }
        var check = await gateway.ValidateKeyAsync(key, ct);
        if (!check.Valid || check.AccountId is null)
        {
            logger.LogInformation("Install {InstalledAppId}: a Stripe key was refused ({Reason})", install.InstalledAppId, check.Reason);
            var status = check.StripeUnavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status422UnprocessableEntity;
            var error = check.StripeUnavailable
                ? $"The key could not be checked, so it was not saved. {check.Reason} Try again in a moment."
                : $"Stripe did not accept the key, so it was not saved. {check.Reason}";
            await Send.ResultAsync(check.StripeUnavailable
                ? await panels.RenderAsync(install, ct, error: error, statusCode: status)
                : await panels.RenderAsync(install, ct, fieldError: error, statusCode: status));
            return;
        }

        if (synced.StripeAccountId is { } account && account != check.AccountId)
        {
            gateway.Forget(key);
            await Send.ResultAsync(await panels.RenderAsync(install, ct, statusCode: StatusCodes.Status422UnprocessableEntity,
                error: $"This install mirrors Stripe account {account}; the key belongs to {check.AccountId}, so it was not saved. Mixing two accounts in one ledger would break the reconciliation."));
            return;
        }

        var previous = keys.OwnKey(install.InstalledAppId);
        var replaced = keys.HasOwnKey(install.InstalledAppId);
        keys.Save(install.InstalledAppId, key, check.AccountId, check.Live);
        if (installs.FindActive(install.InstalledAppId) is null)
        {
            // Uninstalled while Stripe was being asked: the key must not outlive the install.
            keys.Remove(install.InstalledAppId);
            gateway.Forget(key);
            await Send.ResultAsync(SessionEndedReasons.Page(SessionEndedReason.Uninstalled));
            return;
        }
        // The old key's cached Stripe client would otherwise keep it in memory for the process's life.
        if (previous is not null && previous.SecretKey != key)
            gateway.Forget(previous.SecretKey);
        logger.LogInformation("Install {InstalledAppId}: Stripe account {StripeAccountId} ({Mode} mode) {Action}",
            install.InstalledAppId, check.AccountId, check.Live ? "live" : "test", replaced ? "key replaced" : "connected");

        HttpContext.Response.Htmx(h => h.WithTrigger(PortalEvents.StripeChanged));
        var notice = $"{(replaced ? "Key replaced" : "Connected")}: Stripe account {check.AccountId}, {(check.Live ? "live" : "test")} mode.";
        await Send.ResultAsync(await panels.RenderAsync(install, ct, notice: notice));
    }
}
