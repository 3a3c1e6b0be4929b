using BlnkSliceApp.Features.Downloads;
using BlnkSliceApp.Features.Runs;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Htmx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.Export.Runs;

/// <summary>
/// Asks for the CSV of one run's postings: answers with a fresh single-use download link as
/// <c>HX-Redirect</c>; a run this install does not have is a 404 message in place.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, RunHistory runs, DownloadTokens tokens) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post(ExportRoutes.RunPattern);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (runs.Get(install.InstalledAppId, Route<string>("runId") ?? "") is not { } run)
        {
            await Send.ResultAsync(new RazorComponentResult<ExportNotice>(new { Message = "This run does not exist for this install, so there is nothing to download. Open Runs to see the runs there are." })
            {
                StatusCode = StatusCodes.Status404NotFound,
            });
            return;
        }

        var token = tokens.Create(install, RunCsv.KindName, run.RunId);
        HttpContext.Response.Htmx(h => h.Redirect(DownloadRoutes.For(token)));
        await Send.NoContentAsync(ct);
    }
}
