using BlnkSliceApp.Features.SyncNow;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using Htmx;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.PortalDashboard;

/// <summary>
/// A view answers htmx with its fragment, and any other request (the launch page, a script
/// asking with the session header) with the whole page around it. A bare address never gets
/// this far: it carries no session.
/// </summary>
public static class PortalViewResults
{
    public static IResult View<TView>(HttpContext context, string activeKey, object parameters, int statusCode = StatusCodes.Status200OK)
        where TView : IComponent
    {
        if (context.Request.IsHtmx())
            return new RazorComponentResult<TView>(parameters) { StatusCode = statusCode };

        var values = parameters.GetType().GetProperties().Select(p => (p.Name, Value: p.GetValue(parameters))).ToList();
        RenderFragment content = builder =>
        {
            builder.OpenComponent<TView>(0);
            foreach (var (name, value) in values)
                builder.AddComponentParameter(1, name, value);
            builder.CloseComponent();
        };
        var install = context.RequestServices.GetRequiredService<InstallDirectory>().FindActive(context.User.InstalledAppId())!;
        var expires = long.TryParse(context.User.FindFirst("session_expires_at")?.Value, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UtcNow;
        return Page(context, install, activeKey, content, SessionToken(context), expires, statusCode);
    }

    /// <summary>A view's "not found" (an unknown run, say): a message in place of the view, with 404.</summary>
    public static IResult Missing(HttpContext context, string activeKey, string message) =>
        View<ViewMessage>(context, activeKey, new { Message = message }, StatusCodes.Status404NotFound);

    /// <summary>The whole portal page around <paramref name="content"/>.</summary>
    public static IResult Page(HttpContext context, InstallRecord install, string activeKey, RenderFragment content, string sessionToken,
        DateTimeOffset expiresAt, int statusCode = StatusCodes.Status200OK)
    {
        var services = context.RequestServices;
        return new RazorComponentResult<PortalShell>(new
        {
            SessionToken = sessionToken,
            ActiveKey = activeKey,
            ExpiresAt = expiresAt,
            Install = install,
            SyncBar = services.GetRequiredService<SyncBarViews>().For(install),
            Content = content,
        })
        { StatusCode = statusCode };
    }

    static string SessionToken(HttpContext context) => context.Request.Headers[PortalSessionAuthentication.Header].ToString();
}
