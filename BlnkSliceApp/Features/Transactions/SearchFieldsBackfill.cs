using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Store;
using LiteDB;

namespace BlnkSliceApp.Features.Transactions;

/// <summary>
/// Once per database: items recorded before the app kept their Stripe ids
/// (<see cref="SyncItemRecord.SourceId"/>, <see cref="SyncItemRecord.ChargeId"/>,
/// <see cref="SyncItemRecord.PaymentIntentId"/>, <see cref="SyncItemRecord.SearchIds"/>) get them
/// from the metadata they were posted with, so a search finds old transactions too. Runs in the
/// background in small transactions, in key order, remembering where it is, so a restart goes on
/// from there. Only settled items are changed: the engine keeps pending ones in memory while it
/// posts them and would write its own copy back; any left pending are done at a later start.
/// </summary>
public sealed class SearchFieldsBackfill(AppDatabase database, ILogger<SearchFieldsBackfill> logger) : BackgroundService
{
    /// <summary>Where it remembers how far it got (and that it is done).</summary>
    public const string MarkerCollection = "portal_backfills";
    const string MarkerId = "sync_items_search_ids_v1";
    const int Chunk = 200;

    ILiteCollection<SyncItemRecord> Items => database.Collection<SyncItemRecord>(SyncItemRecord.Collection);
    ILiteCollection<BackfillMarker> Markers => database.Collection<BackfillMarker>(BackfillMarker.Collection);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            RunOnce(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception error) when (error is LiteException or IOException or ObjectDisposedException)
        {
            // The next start tries again from where this one stopped.
            logger.LogWarning("The search fields of older synced items were not filled in: {Reason}", error.Message);
        }
    }

    /// <summary>Fills in every item it may; returns how many it changed. Public for tests (and a maintenance command).</summary>
    public int RunOnce(CancellationToken ct = default)
    {
        var marker = Markers.FindById(MarkerId) ?? new BackfillMarker { Id = MarkerId };
        if (marker.Done) return 0;
        var changed = 0;
        var pending = marker.SkippedPending;
        while (!ct.IsCancellationRequested)
        {
            var (count, last, skipped, more) = database.InTransaction(() =>
            {
                var chunk = Items.Query()
                    .Where(KeyRange.After("_id", marker.After ?? ""))
                    .OrderBy("_id")
                    .Limit(Chunk)
                    .ToList();
                var updated = chunk.Where(item => item.PendingKey is null && Fill(item)).ToList();
                foreach (var item in updated)
                    Items.Update(item);
                var skippedHere = chunk.Count(item => item.PendingKey is not null && NeedsFill(item));
                var after = chunk.Count > 0 ? chunk[^1].Id : marker.After;
                marker.After = after;
                marker.SkippedPending += skippedHere;
                var done = chunk.Count < Chunk;
                if (done)
                {
                    // Pending ones left behind: start again at the next start, when they have settled.
                    marker.Done = marker.SkippedPending == 0;
                    marker.After = marker.Done ? marker.After : null;
                    marker.SkippedPending = 0;
                }
                Markers.Upsert(marker);
                return (updated.Count, after, skippedHere, !done);
            });
            changed += count;
            pending += skipped;
            if (!more) break;
        }
        if (changed > 0 || pending > 0)
            logger.LogInformation("Filled in the search fields of {Changed} older synced items ({Pending} still pending, done at a later start)", changed, pending);
        return changed;
    }

    static bool NeedsFill(SyncItemRecord item) =>
        item.SourceId is null && item.ChargeId is null && item.PaymentIntentId is null && item.MetaDataJson.Length > 2;

    /// <summary>Reads the ids from the posting's <c>stripe_sync</c> metadata; false when it names none.</summary>
    static bool Fill(SyncItemRecord item)
    {
        if (!NeedsFill(item)) return false;
        JsonObject? ours;
        try
        {
            ours = JsonNode.Parse(item.MetaDataJson)?[BalanceTransactionMapper.MetaDataKey] as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
        string? Text(string key) => ours?[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        var (source, charge, intent) = (Text("source_id"), Text("charge_id"), Text("payment_intent_id"));
        if (source is null && charge is null && intent is null) return false;
        item.KeepStripeIds(source, charge, intent);
        return true;
    }

    sealed class BackfillMarker
    {
        public const string Collection = MarkerCollection;

        [BsonId] public string Id { get; set; } = "";
        public string? After { get; set; }
        public int SkippedPending { get; set; }
        public bool Done { get; set; }
    }
}
