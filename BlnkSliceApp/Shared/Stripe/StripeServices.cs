using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>The Stripe key store, the gateway and the "stripe" HttpClient with its retry policy and the per-account budget.</summary>
public sealed class StripeServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddOptions<StripeGatewayOptions>().BindConfiguration(StripeGatewayOptions.Section);
        // StripeKeys is also found by the ISealedSecretHolder scan; TryAdd keeps one registration.
        services.TryAddSingleton<StripeKeys>();
        services.AddSingleton<StripeGateway>();
        services.AddSingleton<StripeAccountBudget>();
        services.AddTransient<StripeBudgetHandler>();

        var http = services.AddHttpClient(StripeGateway.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // Clients are cached per key for the process's life; pooled connections still renew for DNS changes.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The Authorization header holds the key: no header value reaches a log.
            .RedactLoggedHeaders(_ => true)
            // StripeGateway logs failures itself; per-request log scopes only cost allocations.
            .RemoveAllLoggers();
        // Outermost first: the retry handler, then the account's budget, so every attempt waits for its turn.
        http.AddResilienceHandler("stripe", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<StripeGatewayOptions>>().Value;
                pipeline
                    .AddTimeout(TimeSpan.FromMilliseconds(options.TotalTimeoutMs))
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        // Stripe-Should-Retry decides when Stripe sent it; otherwise the transient failures.
                        ShouldHandle = args => ValueTask.FromResult(StripeRetry.ShouldRetry(args.Outcome)),
                        MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMs)),
                        MaxDelay = TimeSpan.FromMilliseconds(Math.Max(1, options.MaxRetryDelayMs)),
                        // A 429's Retry-After is the wait (capped by MaxDelay).
                        ShouldRetryAfterHeader = true,
                    })
                    .AddTimeout(TimeSpan.FromMilliseconds(options.AttemptTimeoutMs));
            });
        http.AddHttpMessageHandler<StripeBudgetHandler>();
    }
}
