namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// A request whose Host is missing or empty (HTTP/1.0 allows it) or cannot be read (Kestrel
/// passes on a port out of range, <c>localhost:99999999</c>) is refused with a 400 before anything
/// reads Host: the portal's Razor rendering builds its base address from it and would fail with a
/// 500, and a launch link sent that way must not be used up. (The app never builds a link from
/// Host: portal links come from PUBLIC_BASE_URL.)
/// </summary>
public sealed class UnreadableHostRefusal(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (string.IsNullOrWhiteSpace(host.Host))
            return BadRequestAsProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "The request has no Host header.");
        if (!Uri.TryCreate($"http://{host.Value}/", UriKind.Absolute, out _))
            return BadRequestAsProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "The Host header is not a valid host and port.");
        return next(context);
    }
}
