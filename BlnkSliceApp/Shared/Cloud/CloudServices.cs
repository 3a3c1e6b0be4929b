using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Customers;
using BlnkSliceApp.Shared.Sync.Reconciliation;
using BlnkSliceApp.Shared.Telemetry;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;

namespace BlnkSliceApp.Shared.Cloud;

/// <summary>
/// The Cloud client (one named HttpClient with retries and per-attempt time-outs) and what the
/// sync builds on it: the sync ledger, customer identities, alerts and the reconciliation.
/// </summary>
public sealed class CloudServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddOptions<CloudClientOptions>().BindConfiguration(CloudClientOptions.Section);
        services.AddSingleton<CloudCallSlots>();
        services.AddTransient<InstallGuardHandler>();
        var http = services.AddHttpClient(CloudRequests.HttpClientName, client =>
        {
            // A trailing slash keeps a base path (a gateway prefix) when relative routes are resolved.
            client.BaseAddress = new Uri(settings.BlnkCloudApiUrl.ToString().TrimEnd('/') + "/");
            // The resilience pipeline times each attempt; a client-wide limit would cut retries short.
            client.Timeout = Timeout.InfiniteTimeSpan;
        })
            // CloudClient logs failures itself, in words; the factory's per-request lines and
            // scopes add nothing to them during a sync of thousands of calls.
            .RemoveAllLoggers();
        http.AddResilienceHandler("cloud", (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<CloudClientOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var metrics = context.ServiceProvider.GetRequiredService<SyncMetrics>();
            var retryAfterCap = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
            if (options.MaxRetries > 0)
            {
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                    MaxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds),
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(CloudRetry.ShouldRetry(args.Outcome, args.Context)),
                    DelayGenerator = args => ValueTask.FromResult(CloudRetry.RetryAfter(args.Outcome, retryAfterCap, time)),
                    OnRetry = args =>
                    {
                        var request = args.Context.GetRequestMessage();
                        string? installedAppId = null;
                        request?.Options.TryGetValue(CloudRequests.InstalledAppId, out installedAppId);
                        metrics.CloudRetried(installedAppId, CloudRetry.Reason(args.Outcome));
                        return default;
                    },
                });
            }
            // Inside the retries and outside the attempt's time-out: each attempt takes a slot of
            // the process-wide limit, a back-off holds none, and time spent waiting for one is
            // not counted against Cloud (nor mistaken for its time-out).
            var slots = context.ServiceProvider.GetRequiredService<CloudCallSlots>();
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = "cloud-call-slots",
                RateLimiter = args =>
                {
                    string? installedAppId = null;
                    args.Context.GetRequestMessage()?.Options.TryGetValue(CloudRequests.InstalledAppId, out installedAppId);
                    return slots.TakeAsync(waited => metrics.CloudCallWaited(installedAppId, waited), args.Context.CancellationToken);
                },
            });
            builder.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
        });
        // Added after the resilience handler, so it sits inside the retry loop and runs before every attempt.
        http.AddHttpMessageHandler<InstallGuardHandler>();

        services.AddSingleton<CloudClients>();
        services.AddSingleton<SyncLedger>();
        services.AddSingleton<CustomerIdentities>();
        services.AddSingleton<SyncAlerts>();
        services.AddSingleton<Reconciler>();
    }
}
