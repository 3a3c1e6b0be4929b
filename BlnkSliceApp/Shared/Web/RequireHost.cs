namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// A request without a Host (HTTP/1.0 allows it) gets a 400 before any route runs: the app
/// builds nothing from a missing host, and a launch link sent that way is not used up.
/// </summary>
public sealed class RequireHost(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        string.IsNullOrWhiteSpace(context.Request.Host.Host)
            ? BadRequestAsProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "The request has no Host header.")
            : next(context);
}
