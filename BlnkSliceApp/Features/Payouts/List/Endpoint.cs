using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.Payouts.List;

/// <summary>The payouts panel: one page of the install's payouts, newest first.</summary>
public sealed class Endpoint(InstallDirectory installs, PayoutViews views) : Endpoint<Request>
{
    public override void Configure()
    {
        Get(PayoutsRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (ValidationFailed)
        {
            await Send.ResultAsync(PayoutNotices.Invalid(ValidationFailures[0].ErrorMessage));
            return;
        }

        await Send.ResultAsync(PortalDashboard.PortalViewResults.View<PayoutsPanel>(HttpContext, "payouts", new { View = views.For(install, request.Page ?? 1) }));
    }
}
