using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>The Stripe key store, the gateway and the "stripe" HttpClient with its retry and rate policies.</summary>
public sealed class StripeServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddOptions<StripeGatewayOptions>().BindConfiguration(StripeGatewayOptions.Section);
        // StripeKeys is also found by the ISealedSecretHolder scan; TryAdd keeps one registration.
        services.TryAddSingleton<StripeKeys>();
        services.AddSingleton<StripeGateway>();
        services.AddSingleton<StripeRateLimiter>();
        services.AddTransient<StripeRateLimitHandler>();

        var http = services.AddHttpClient(StripeGateway.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // Clients are cached per key for the process's life; pooled connections still renew for DNS changes.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The Authorization header holds the key: no header value reaches a log.
            .RedactLoggedHeaders(_ => true)
            // StripeGateway logs failures itself; per-request log scopes only cost allocations.
            .RemoveAllLoggers();
        // Outermost first: the retry handler, then the rate limit, so every attempt takes a permit.
        http.AddResilienceHandler("stripe", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<StripeGatewayOptions>>().Value;
                pipeline
                    .AddTimeout(TimeSpan.FromMilliseconds(options.TotalTimeoutMs))
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        // The defaults already cover 5xx, 408, 429, time-outs and connection failures, and
                        // take a 429's Retry-After as the delay.
                        MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMs)),
                        MaxDelay = TimeSpan.FromMilliseconds(Math.Max(1, options.MaxRetryDelayMs)),
                        ShouldRetryAfterHeader = true,
                    })
                    .AddTimeout(TimeSpan.FromMilliseconds(options.AttemptTimeoutMs));
            });
        http.AddHttpMessageHandler<StripeRateLimitHandler>();
    }
}
