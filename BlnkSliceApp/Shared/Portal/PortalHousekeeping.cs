namespace BlnkSliceApp.Shared.Portal;

/// <summary>
/// Prunes expired portal sessions and launch links at start-up and every few minutes, so the
/// database holds only live ones (every launch and entry adds a record).
/// </summary>
public sealed class PortalHousekeeping(PortalSessions sessions, LaunchTokens launchTokens, ILogger<PortalHousekeeping> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                PruneNow();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Pruning expired portal sessions failed; it is retried in {Minutes} minutes", Interval.TotalMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public (int Sessions, int LaunchLinks) PruneNow()
    {
        var pruned = (sessions.Prune(), launchTokens.Prune());
        if (pruned.Item1 + pruned.Item2 > 0)
            logger.LogInformation("Pruned {Sessions} expired portal sessions and {LaunchLinks} expired launch links", pruned.Item1, pruned.Item2);
        return pruned;
    }
}
