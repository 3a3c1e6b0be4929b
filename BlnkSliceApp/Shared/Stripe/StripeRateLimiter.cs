using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// A client-side limit on Stripe requests per key (Stripe.net does not retry a 429 by itself,
/// and a parallel sync would otherwise hit Stripe's limit constantly). Partitioned by a hash of
/// the key, so the key itself is never held as a dictionary key. Every attempt, retries
/// included, takes a permit: the limiter sits inside the retry handler.
/// </summary>
public sealed class StripeRateLimiter(IOptions<StripeGatewayOptions> options) : IDisposable
{
    const int TicksPerSecond = 10;

    readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
    {
        var live = StripeKeyFormat.IsLive(key);
        var perSecond = Math.Max(1, live ? options.Value.LiveRequestsPerSecond : options.Value.TestRequestsPerSecond);
        // A small bucket refilled ten times a second: short bursts, and never more than about
        // 1.25 x the rate in any one second, which keeps clear of Stripe's own limit.
        return RateLimitPartition.GetTokenBucketLimiter(Fingerprint(key), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perSecond / 4),
            TokensPerPeriod = Math.Max(1, perSecond / TicksPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, perSecond / TicksPerSecond) / (double)perSecond),
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    });

    /// <summary>Waits until the key may make one more request.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(string key, CancellationToken ct)
    {
        var lease = await _limiter.AcquireAsync(key, 1, ct);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new StripeCallException("Too many Stripe calls are waiting for this key; try again later.");
        }
        return lease;
    }

    public static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Applies <see cref="StripeRateLimiter"/> to each request by the key in its Authorization header.</summary>
public sealed class StripeRateLimitHandler(StripeRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Headers.Authorization?.Parameter;
        if (string.IsNullOrEmpty(key))
            return await base.SendAsync(request, cancellationToken);
        using var lease = await limiter.AcquireAsync(key, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
