using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Shared.Sync.Customers;

/// <summary>
/// The install's own "Stripe Sync" ledger, where customers' balances live: created once, then
/// remembered locally. If the local record is lost, the ledger is found again by its metadata
/// before anything is created, so a retry never makes a second one.
/// </summary>
public sealed class SyncLedger(AppDatabase database, TimeProvider time, ILogger<SyncLedger> logger)
{
    public const string LedgerName = "Stripe Sync";
    const int CreateAttempts = 8;

    readonly KeyedLocks _locks = new();

    LiteDB.ILiteCollection<SyncLedgerRecord> Records => database.Collection<SyncLedgerRecord>(SyncLedgerRecord.Collection);

    public string? Known(string installedAppId, string instanceId) =>
        Records.FindById(installedAppId) is { } record && record.InstanceId == instanceId ? record.LedgerId : null;

    public async Task<string> EnsureAsync(CloudClient cloud, CancellationToken ct)
    {
        if (Known(cloud.InstalledAppId, cloud.InstanceId) is { } known)
            return known;

        using var _ = await _locks.AcquireAsync(cloud.InstalledAppId, ct);
        if (Known(cloud.InstalledAppId, cloud.InstanceId) is { } raced)
            return raced;

        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(cloud, ct) is { } found)
                return Remember(cloud, found);
            try
            {
                var created = await cloud.CreateLedgerAsync(LedgerName, new JsonObject
                {
                    [SyncMetadata.Key] = new JsonObject
                    {
                        [SyncMetadata.InstalledAppId] = cloud.InstalledAppId,
                        [SyncMetadata.Purpose] = SyncMetadata.LedgerPurpose,
                    },
                }, ct);
                logger.LogInformation("Created the {LedgerName} ledger {LedgerId} for install {InstalledAppId}", LedgerName, created, cloud.InstalledAppId);
                return Remember(cloud, created);
            }
            catch (CloudCallException error) when (error.OutcomeUnknown && attempt < CreateAttempts)
            {
                // The ledger may exist now although no answer came: look again before creating.
            }
        }
    }

    /// <summary>Ours by metadata first; else a ledger of ours by name (an earlier install in this instance).</summary>
    static async Task<string?> FindAsync(CloudClient cloud, CancellationToken ct)
    {
        var mine = await cloud.FindLedgersAsync([new(SyncMetadata.Filter(SyncMetadata.InstalledAppId), cloud.InstalledAppId)], ct);
        if (mine.FirstOrDefault() is { } ledger)
            return (string?)ledger["ledger_id"];
        var named = await cloud.FindLedgersAsync([new("name_eq", LedgerName), new(SyncMetadata.Filter(SyncMetadata.Purpose), SyncMetadata.LedgerPurpose)], ct);
        return named.Select(l => (string?)l["ledger_id"]).FirstOrDefault(id => id is not null);
    }

    string Remember(CloudClient cloud, string ledgerId)
    {
        Records.Upsert(new SyncLedgerRecord
        {
            InstalledAppId = cloud.InstalledAppId,
            InstanceId = cloud.InstanceId,
            LedgerId = ledgerId,
            CreatedAt = UnixMs.From(time.GetUtcNow()),
        });
        return ledgerId;
    }
}
