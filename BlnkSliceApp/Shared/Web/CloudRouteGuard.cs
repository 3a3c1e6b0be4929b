using BlnkSliceApp.Shared.Configuration;
using Microsoft.AspNetCore.Http.Features;

namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// Routes only Blnk Cloud calls (/api/callback, /api/portal). When CLOUD_ALLOWED_IPS is set,
/// any other client address gets 403 (the address is the connection's, or the forwarded one
/// when the connection comes from TRUSTED_PROXIES). Bodies must be JSON and at most 64 KiB.
/// </summary>
public sealed class CloudRouteGuard(RequestDelegate next, AppSettings settings, ILogger<CloudRouteGuard> logger)
{
    public const long MaxBodyBytes = 64 * 1024;
    static readonly PathString[] CloudRoutes = ["/api/callback", "/api/portal"];

    public Task InvokeAsync(HttpContext context)
    {
        if (!CloudRoutes.Any(route => context.Request.Path.StartsWithSegments(route)))
            return next(context);

        if (settings.CloudAllowedIps.Count > 0)
        {
            var address = context.Connection.RemoteIpAddress;
            if (address is { IsIPv4MappedToIPv6: true })
                address = address.MapToIPv4();
            if (address is null || !settings.CloudAllowedIps.Any(network => network.Contains(address)))
            {
                logger.LogWarning("Refused a Cloud route call from {Address}: not in CLOUD_ALLOWED_IPS", address?.ToString() ?? "unknown");
                return BadRequestAsProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "This address may not call Blnk Cloud routes.");
            }
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (!context.Request.HasJsonContentType())
                return BadRequestAsProblem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "The body must be JSON (Content-Type: application/json).");
            if (context.Request.ContentLength > MaxBodyBytes)
                return BadRequestAsProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body must be at most {MaxBodyBytes / 1024} KiB.");
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxBodyBytes;
        }
        return next(context);
    }
}
