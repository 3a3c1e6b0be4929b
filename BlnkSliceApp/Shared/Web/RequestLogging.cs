using System.Diagnostics;

namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// One structured line per request: method, path, status, time (ASP.NET's logging scope adds
/// the request id). Never the query string: the one-time launch link carries its token there.
/// </summary>
public sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (!context.Request.Path.StartsWithSegments("/lib"))
                logger.LogInformation("HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
