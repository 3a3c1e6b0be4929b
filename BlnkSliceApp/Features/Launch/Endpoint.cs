using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Web;
using FastEndpoints;

namespace BlnkSliceApp.Features.Launch;

/// <summary>
/// Blnk Cloud's portal generator: for an active install whose ids all match, a new one-time
/// portal link. Every refusal reads the same, so a caller learns nothing about which id was wrong.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, LaunchTokens launchTokens, AppSettings settings)
    : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/portal");
        AllowAnonymous();
        Options(route => route.RequireRateLimiting(RateLimits.Cloud));
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (!CloudApp.Allows(settings, request.AppId))
        {
            Logger.LogWarning("Launch refused for {InstalledAppId}: app_id is not BLNK_APP_ID", request.InstalledAppId);
            await Send.ResultAsync(CloudApp.Refusal(HttpContext));
            return;
        }
        var install = installs.FindActive(request.InstalledAppId!);
        if (install is null || install.AppId != request.AppId || install.InstanceId != request.InstanceId)
        {
            Logger.LogWarning("Launch refused for {InstalledAppId}: no active install with these ids", request.InstalledAppId);
            await Send.ResultAsync(Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "This app cannot be launched for this install.",
                instance: HttpContext.Request.Path));
            return;
        }

        var token = await launchTokens.CreateAsync(install);
        var portalUrl = new Uri(settings.PublicBaseUrl, $"{PortalRoutes.Enter}?token={token}").ToString();
        Logger.LogInformation("Launch link minted for {InstalledAppId}", install.InstalledAppId);
        await Send.OkAsync(new Response { PortalUrl = portalUrl }, ct);
    }
}
