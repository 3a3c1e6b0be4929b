using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// Routes only Blnk Cloud calls (/api/callback, /api/portal): when CLOUD_ALLOWED_IPS is set,
/// any other client address gets 403. The address is the connection's, or the forwarded one
/// when the connection comes from TRUSTED_PROXIES (ForwardedHeaders runs first).
/// </summary>
public sealed class CloudCallerFilter(RequestDelegate next, AppSettings settings, ILogger<CloudCallerFilter> logger)
{
    public static readonly PathString[] CloudRoutes = ["/api/callback", "/api/portal"];

    public Task InvokeAsync(HttpContext context)
    {
        if (settings.CloudAllowedIps.Count == 0 || !CloudRoutes.Any(route => context.Request.Path.StartsWithSegments(route)))
            return next(context);

        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
            address = address.MapToIPv4();
        if (address is not null && settings.CloudAllowedIps.Any(network => network.Contains(address)))
            return next(context);

        logger.LogWarning("Refused a Cloud route call from {Address}: not in CLOUD_ALLOWED_IPS", address?.ToString() ?? "unknown");
        return BadRequestAsProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "This address may not call Blnk Cloud routes.");
    }
}
