using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BlnkSliceApp.Shared.Telemetry;

/// <summary>
/// The sync's instruments always exist; OpenTelemetry itself is set up only when something
/// reads it: the Prometheus listener (METRICS_PORT) or an OTLP collector
/// (OTEL_EXPORTER_OTLP_ENDPOINT, which the exporter reads with the other OTEL_* variables).
/// </summary>
public sealed class TelemetryServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddMetrics();
        services.AddSingleton<CompletedRuns>();
        services.AddSingleton<SyncMetrics>();
        if (settings.MetricsPort is null && settings.OtlpEndpoint is null)
            return;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("blnkslice-app"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SyncMetrics.MeterName);
                if (settings.MetricsPort is not null)
                    metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                if (settings.OtlpEndpoint is not null)
                    metrics.AddOtlpExporter();
            });
        if (settings.OtlpEndpoint is not null)
            telemetry.WithTracing(tracing => tracing.AddSource(SyncMetrics.ActivitySourceName).AddOtlpExporter());
        if (settings.MetricsPort is not null)
            services.AddHostedService<MetricsListener>();
    }
}
