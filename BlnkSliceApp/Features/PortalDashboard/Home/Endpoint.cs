using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using Htmx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.PortalDashboard.Home;

/// <summary>The portal home: the content fragment for htmx, the whole page otherwise.</summary>
public sealed class Endpoint(InstallDirectory installs, PortalHomeViews homeViews) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(PortalRoutes.Home);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        if (HttpContext.Request.IsHtmx())
        {
            await Send.ResultAsync(new RazorComponentResult<PortalHome>(new { View = homeViews.For(install) }));
            return;
        }

        var expires = long.TryParse(User.FindFirst("session_expires_at")?.Value, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UtcNow;
        await Send.ResultAsync(new RazorComponentResult<PortalPage>(new
        {
            SessionToken = HttpContext.Request.Headers[PortalSessionAuthentication.Header].ToString(),
            View = homeViews.For(install),
            ExpiresAt = expires,
        }));
    }
}
