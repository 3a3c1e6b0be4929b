using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Htmx;

namespace BlnkSliceApp.Features.Alerts.Resolve;

/// <summary>
/// Resolves an alert in Blnk Cloud (alerts:write); the app's own record of it is closed too, so
/// the next finding of the same problem raises a new alert. Every refusal comes back as the
/// view with a sentence, under Cloud's status (403, 404, 422) or 502 when Cloud failed.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, AlertsViews views, AlertLog log, CloudClients clouds, TimeProvider time, ILogger<Endpoint> logger)
    : Endpoint<Request>
{
    public override void Configure()
    {
        Post(AlertsRoutes.Resolve);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        var page = request.Page is >= 1 and <= 100_000 ? request.Page.Value : 1;

        if (!install.Has(Shared.Installs.Scopes.AlertsWrite))
        {
            await SendViewAsync(install, page, StatusCodes.Status403Forbidden, error:
                $"Nothing was resolved: resolving an alert needs the {Shared.Installs.Scopes.AlertsWrite} permission. An admin can reinstall the app in Blnk Cloud and grant it.", ct: ct);
            return;
        }
        if (ValidationFailed)
        {
            await SendViewAsync(install, page, StatusCodes.Status422UnprocessableEntity, error: $"Nothing was resolved: {ValidationFailures[0].ErrorMessage}", ct: ct);
            return;
        }

        var alertId = request.AlertId!;
        CloudAlert? resolved;
        try
        {
            resolved = await clouds.For(install).ResolveAlertAsync(alertId, null, ct);
        }
        catch (CloudCallException error)
        {
            await SendViewAsync(install, page, error.Status is >= 400 and < 500 ? error.Status.Value : StatusCodes.Status502BadGateway,
                error: $"Nothing was resolved. {error.Message}", ct: ct);
            return;
        }
        if (resolved is null)
        {
            await SendViewAsync(install, page, StatusCodes.Status404NotFound,
                error: "Blnk Cloud has no such alert any more; it may have been deleted there. The list below is Cloud's current one.", ct: ct);
            return;
        }

        var own = log.ByCloudId(install.InstalledAppId, alertId);
        if (own is { Open: true })
            log.Close(own, time.GetUtcNow());
        logger.LogInformation("Install {InstalledAppId}: alert {AlertId} resolved from the portal", install.InstalledAppId, alertId);
        HttpContext.Response.Htmx(h => h.WithTrigger(PortalEvents.AlertsChanged));
        await SendViewAsync(install, page, StatusCodes.Status200OK,
            notice: own is null ? "The alert was resolved in Blnk Cloud." : $"Resolved in Blnk Cloud: {own.Title}", ct: ct);
    }

    async Task SendViewAsync(InstallRecord install, int page, int status, string? notice = null, string? error = null, CancellationToken ct = default)
    {
        var view = await views.ForAsync(install, page, ct) with { Notice = notice, Error = error };
        await Send.ResultAsync(PortalViewResults.View<AlertsPanel>(HttpContext, "alerts", new { View = view }, status));
    }
}
