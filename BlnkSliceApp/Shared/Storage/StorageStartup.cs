using BlnkSliceApp.Shared.Crypto;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// Before the server takes requests: every slice's indexes exist, and secrets sealed with
/// ENCRYPTION_KEY_PREVIOUS are sealed again with ENCRYPTION_KEY.
/// </summary>
public sealed class StorageStartup(
    AppDatabase database,
    IEnumerable<IStorageIndexes> indexes,
    IEnumerable<ISealedSecretHolder> holders,
    SecretBox box,
    ILogger<StorageStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var index in indexes)
            index.Ensure(database.Db);

        // One transaction, so one flush to disk: a key rotation (or a changed key) over 1,400
        // installs was 1,400 commits before /ready (1.6 s of start-up in the benchmark).
        var resealed = database.InTransaction(() => holders.Sum(holder => holder.ResealWithCurrentKey(box)));
        if (resealed > 0)
            logger.LogInformation("Re-encrypted {Count} stored secrets with the current encryption key {KeyId}", resealed, box.CurrentKeyId);
        return Task.CompletedTask;
    }

    // LiteDB folds its log into the data file when the database is disposed at shutdown.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
