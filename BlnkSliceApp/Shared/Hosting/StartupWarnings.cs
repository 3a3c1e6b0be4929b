namespace BlnkSliceApp.Shared.Hosting;

/// <summary>Warnings found while reading configuration, before logging existed.</summary>
public sealed record StartupWarnings(IReadOnlyList<string> Messages);

public sealed class StartupWarningsLogger(StartupWarnings warnings, ILogger<StartupWarningsLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var message in warnings.Messages)
            logger.LogWarning("{Warning}", message);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
