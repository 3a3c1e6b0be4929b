using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Web;
using FastEndpoints;
using BlnkSliceApp.Features.Overview;
using Microsoft.AspNetCore.Components;

namespace BlnkSliceApp.Features.PortalDashboard.Enter;

/// <summary>
/// Where a launch link lands. The link works once: it becomes a portal session, and the
/// portal page itself is the answer (a redirect could not hand the page its session).
/// portal.js then replaces the address with /portal so the token leaves the address bar.
/// </summary>
public sealed class Endpoint(LaunchTokens launchTokens, PortalSessions sessions, OverviewViews overview) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(PortalRoutes.Enter);
        AllowAnonymous();
        Options(route => route.RequireRateLimiting(RateLimits.PortalEnter));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (check, install) = launchTokens.Consume(Query<string>("token", isRequired: false));
        if (check != LaunchTokenCheck.Valid || install is null)
        {
            await Send.ResultAsync(SessionEndedReasons.Page(check switch
            {
                LaunchTokenCheck.Used => SessionEndedReason.LinkUsed,
                LaunchTokenCheck.Expired => SessionEndedReason.LinkExpired,
                LaunchTokenCheck.Revoked => SessionEndedReason.Uninstalled,
                LaunchTokenCheck.Valid => SessionEndedReason.Uninstalled,
                _ => SessionEndedReason.LinkInvalid,
            }));
            return;
        }

        var (token, session) = sessions.Create(install);
        Logger.LogInformation("Portal session opened for {InstalledAppId}", install.InstalledAppId);
        var view = overview.For(install);
        RenderFragment content = builder =>
        {
            builder.OpenComponent<OverviewPanel>(0);
            builder.AddComponentParameter(1, nameof(OverviewPanel.View), view);
            builder.CloseComponent();
        };
        await Send.ResultAsync(PortalViewResults.Page(HttpContext, install, "overview", content, token, session.ExpiresAt));
    }
}
