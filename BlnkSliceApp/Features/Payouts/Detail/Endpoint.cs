using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.Payouts.Detail;

/// <summary>One payout opened: its facts and its transactions by category with totals.</summary>
public sealed class Endpoint(InstallDirectory installs, PayoutViews views) : Endpoint<PayoutIdRequest>
{
    public override void Configure()
    {
        Get(PayoutsRoutes.Detail);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(PayoutIdRequest request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (ValidationFailed)
        {
            await Send.ResultAsync(PayoutNotices.Invalid(ValidationFailures[0].ErrorMessage));
            return;
        }
        if (views.Detail(install, request.PayoutId!) is not { } view)
        {
            await Send.ResultAsync(PayoutNotices.NotFound($"No payout {request.PayoutId} has been synced for this install."));
            return;
        }

        await Send.ResultAsync(new RazorComponentResult<PayoutDetail>(new { View = view }));
    }
}
