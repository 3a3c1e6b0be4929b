using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.Alerts.List;

/// <summary>The Alerts view: the app's own findings first, then a page of Cloud's alerts (alerts:read).</summary>
public sealed class Endpoint(InstallDirectory installs, AlertsViews views) : Endpoint<Request>
{
    public override void Configure()
    {
        Get(AlertsRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (ValidationFailed)
        {
            await Send.ResultAsync(PortalViewResults.View<ViewMessage>(HttpContext, "alerts", new { Message = ValidationFailures[0].ErrorMessage }, StatusCodes.Status400BadRequest));
            return;
        }

        var view = await views.ForAsync(install, request.Page ?? 1, ct);
        await Send.ResultAsync(PortalViewResults.View<AlertsPanel>(HttpContext, "alerts", new { View = view }));
    }
}
