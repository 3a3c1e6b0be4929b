using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// Headers for every response. The portal is framed by Blnk Cloud, so framing is governed by
/// CSP frame-ancestors alone and X-Frame-Options is removed wherever something adds it.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, AppSettings settings)
{
    readonly string _policy =
        $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        $"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {settings.FrameAncestors}";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = _policy;
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            headers.Remove("X-Frame-Options");
            if (!context.Request.Path.StartsWithSegments("/lib") && !context.Request.Path.StartsWithSegments("/app"))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
