namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// FastEndpoints always maps /_test_url_cache_ (its typed test client's route table). It is
/// for tests only, so everywhere else it answers 404.
/// </summary>
public sealed class HideTestRoutes(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/_test_url_cache_"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(context);
    }
}
