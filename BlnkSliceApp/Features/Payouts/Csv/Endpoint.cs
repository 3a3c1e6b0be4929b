using BlnkSliceApp.Features.Downloads;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync.Payouts;
using FastEndpoints;
using Htmx;

namespace BlnkSliceApp.Features.Payouts.Csv;

/// <summary>
/// Asks for the CSV of a payout's transactions: answers with a fresh single-use download link
/// as <c>HX-Redirect</c>, so the iframe fetches the file with a plain GET and stays on the page
/// (the file is an attachment).
/// </summary>
public sealed class Endpoint(InstallDirectory installs, PayoutStore payouts, DownloadTokens tokens) : Endpoint<PayoutIdRequest>
{
    public override void Configure()
    {
        Post(PayoutsRoutes.Csv);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
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
        if (payouts.Get(install.InstalledAppId, request.PayoutId!) is not { Items: PayoutItemsState.Listed })
        {
            await Send.ResultAsync(PayoutNotices.NotFound($"The transactions of payout {request.PayoutId} are not known yet, so there is nothing to download."));
            return;
        }

        var token = tokens.Create(install, PayoutItemsCsv.KindName, request.PayoutId!);
        HttpContext.Response.Htmx(h => h.Redirect(DownloadRoutes.For(token)));
        await Send.NoContentAsync(ct);
    }
}
