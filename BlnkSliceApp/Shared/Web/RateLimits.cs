using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// Per-client-address limits on the routes reachable without a session, and a per-session limit
/// on the portal's actions (each Stripe key check is a call to Stripe on the merchant's budget).
/// </summary>
public static class RateLimits
{
    public const string Cloud = "cloud";
    public const string PortalEnter = "portal-enter";
    public const string StripeWebhooks = "stripe-webhooks";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var cloudPerMinute = config.GetValue("RateLimits:CloudPerMinute", 600);
        var enterPerMinute = config.GetValue("RateLimits:PortalEnterPerMinute", 60);
        var webhooksPerMinute = config.GetValue("RateLimits:StripeWebhooksPerMinute", 1200);
        var postsPerSession = config.GetValue("RateLimits:PortalPostsPerSessionPerMinute", 30);

        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await BadRequestAsProblem.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, IsPortalAction(context.HttpContext)
                    ? "Too many changes from this portal session in a minute; wait a moment and try again."
                    : "Too many requests from this address; try again in a minute.");
            };
            options.AddPolicy(Cloud, context => PerAddress(context, cloudPerMinute));
            options.AddPolicy(PortalEnter, context => PerAddress(context, enterPerMinute));
            options.AddPolicy(StripeWebhooks, context => PerAddress(context, webhooksPerMinute));
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsPortalAction(context)
                ? RateLimitPartition.GetFixedWindowLimiter(SessionPartition(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = postsPerSession, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(""));
        });
    }

    static bool IsPortalAction(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && context.Request.Path.StartsWithSegments(PortalRoutes.Home)
        && context.Request.Headers.ContainsKey(PortalSessionAuthentication.Header);

    /// <summary>A digest, so the limiter's table never holds a session token.</summary>
    static string SessionPartition(HttpContext context) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers[PortalSessionAuthentication.Header].ToString())));

    static RateLimitPartition<string> PerAddress(HttpContext context, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
