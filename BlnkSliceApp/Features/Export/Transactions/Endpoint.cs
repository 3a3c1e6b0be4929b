using BlnkSliceApp.Features.Downloads;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Htmx;
using Microsoft.AspNetCore.Http.HttpResults;
using ListRequest = BlnkSliceApp.Features.Transactions.List.Request;

namespace BlnkSliceApp.Features.Export.Transactions;

/// <summary>
/// Asks for the CSV of the Transactions view as filtered (the view's own query string, checked
/// by the view's own rules): answers with a fresh single-use download link as <c>HX-Redirect</c>,
/// so the iframe fetches the file with a plain GET and stays on the page.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, DownloadTokens tokens) : Endpoint<ListRequest>
{
    public override void Configure()
    {
        Post(ExportRoutes.Transactions);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(ListRequest request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (ValidationFailed)
        {
            await Send.ResultAsync(new RazorComponentResult<ExportNotice>(new { Message = ValidationFailures[0].ErrorMessage })
            {
                StatusCode = StatusCodes.Status400BadRequest,
            });
            return;
        }

        var subject = ExportRoutes.TransactionsOf(request.ToQuery())[ExportRoutes.Transactions.Length..].TrimStart('?');
        var token = tokens.Create(install, TransactionsCsv.KindName, subject);
        HttpContext.Response.Htmx(h => h.Redirect(DownloadRoutes.For(token)));
        await Send.NoContentAsync(ct);
    }
}
