using System.Threading.RateLimiting;

namespace BlnkSliceApp.Shared.Web;

/// <summary>Per-client-address limits on the routes reachable without a session.</summary>
public static class RateLimits
{
    public const string Cloud = "cloud";
    public const string PortalEnter = "portal-enter";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var cloudPerMinute = config.GetValue("RateLimits:CloudPerMinute", 600);
        var enterPerMinute = config.GetValue("RateLimits:PortalEnterPerMinute", 60);

        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await BadRequestAsProblem.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests from this address; try again in a minute.");
            };
            options.AddPolicy(Cloud, context => PerAddress(context, cloudPerMinute));
            options.AddPolicy(PortalEnter, context => PerAddress(context, enterPerMinute));
        });
    }

    static RateLimitPartition<string> PerAddress(HttpContext context, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
