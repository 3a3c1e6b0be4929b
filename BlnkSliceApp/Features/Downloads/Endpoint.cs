using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Web;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace BlnkSliceApp.Features.Downloads;

/// <summary>
/// Where a download link lands: a plain link (the iframe has no cookies and a link sends no
/// session header), so its single-use token is the credential. The file streams as an
/// attachment; a used, expired or unknown link gets a page saying so.
/// </summary>
public sealed class Endpoint(DownloadTokens tokens, IEnumerable<IPortalDownload> downloads) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(DownloadRoutes.Download);
        AllowAnonymous();
        Options(route => route.RequireRateLimiting(RateLimits.PortalEnter));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (check, grant) = tokens.Consume(Query<string>("token", isRequired: false));
        var download = grant is null ? null : downloads.FirstOrDefault(d => d.Kind == grant.Kind);
        var fileName = grant is null || download is null ? null : download.FileName(grant.Install, grant.Subject);
        if (grant is null || download is null || fileName is null)
        {
            var reason = check switch
            {
                DownloadTokenCheck.Valid => DownloadRefusal.Gone,
                DownloadTokenCheck.Used => DownloadRefusal.Used,
                DownloadTokenCheck.Expired => DownloadRefusal.Expired,
                DownloadTokenCheck.Revoked => DownloadRefusal.Uninstalled,
                _ => DownloadRefusal.Unknown,
            };
            await Send.ResultAsync(new RazorComponentResult<DownloadRefusedPage>(new { Reason = reason })
            {
                StatusCode = reason is DownloadRefusal.Used or DownloadRefusal.Expired ? StatusCodes.Status410Gone : StatusCodes.Status404NotFound,
            });
            return;
        }

        HttpContext.Response.ContentType = download.ContentType;
        HttpContext.Response.Headers[HeaderNames.ContentDisposition] =
            new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        await download.WriteAsync(grant.Install, grant.Subject, HttpContext.Response.Body, ct);
    }
}

public enum DownloadRefusal { Unknown, Used, Expired, Uninstalled, Gone }
