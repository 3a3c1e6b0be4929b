using BlnkSliceApp.Shared.Portal;
using Microsoft.AspNetCore.Http.Features;

namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// The portal's forms are a few short fields: a body past 16 KiB is refused before it is read,
/// instead of Kestrel's 30 MB default.
/// </summary>
public sealed class PortalFormLimit(RequestDelegate next)
{
    public const long MaxBodyBytes = 16 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments(PortalRoutes.Home))
            return next(context);
        if (context.Request.ContentLength > MaxBodyBytes)
            return BadRequestAsProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"A portal form must be at most {MaxBodyBytes / 1024} KiB.");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        return next(context);
    }
}
