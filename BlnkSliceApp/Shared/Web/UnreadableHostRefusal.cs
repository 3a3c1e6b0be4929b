namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// Kestrel passes on a Host header whose port is out of range (<c>localhost:99999999</c>); the
/// portal's Razor rendering builds its base address from Host and would fail with a 500. Such a
/// request is refused with a 400 before anything reads Host. (The app never builds a link from
/// Host: portal links come from PUBLIC_BASE_URL.)
/// </summary>
public sealed class UnreadableHostRefusal(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (host.HasValue && !Uri.TryCreate($"http://{host.Value}/", UriKind.Absolute, out _))
            return BadRequestAsProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "The Host header is not a valid host and port.");
        return next(context);
    }
}
