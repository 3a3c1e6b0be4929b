namespace BlnkSliceApp.Shared.Storage;

/// <summary>Folds LiteDB's log into the data file on a schedule, so a crash replays little.</summary>
public sealed class CheckpointService(AppDatabase database, ILogger<CheckpointService> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                database.Db.Checkpoint();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "LiteDB checkpoint failed; it will be retried");
            }
        }
    }
}
