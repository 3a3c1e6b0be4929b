using BlnkSliceApp.Shared.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;

namespace BlnkSliceApp.Shared.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint, on its own Kestrel server at METRICS_BIND_ADDRESS:METRICS_PORT.
/// It serves /metrics and nothing else (every other path is a bare 404), and the app's own
/// server never serves /metrics: no portal or Cloud route is reachable through the metrics
/// port, and a scraper needs no access to the app's port.
/// </summary>
public sealed class MetricsListener(AppSettings settings, MeterProvider meterProvider, ILogger<MetricsListener> logger) : IHostedService, IAsyncDisposable
{
    public const string Path = "/metrics";

    WebApplication? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = settings.MetricsPort ?? throw new InvalidOperationException("METRICS_PORT is not set.");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.MetricsBindAddress, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var server = builder.Build();
        server.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, path: Path, configureBranchedPipeline: null, optionsName: null);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (IOException error)
        {
            await server.DisposeAsync();
            throw new ConfigurationError("METRICS_PORT", $"could not be listened on at {settings.MetricsBindAddress}:{port} ({error.Message})");
        }
        _server = server;
        logger.LogInformation("Metrics: Prometheus scrape endpoint listening on {Address} port {Port}, path {Path}", settings.MetricsBindAddress, port, Path);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
            await _server.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _server = null;
    }
}
