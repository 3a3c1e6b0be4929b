using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>Refused: the event contradicts the stored install; nothing is recorded, so a corrected event can follow.</summary>
public enum EventOutcome { Applied, Replayed, Ignored, Refused }

/// <summary>
/// Exactly-once handling of Cloud's install and uninstall events. An event is identified by
/// its idempotency key and a fingerprint of its content: the same key with the same content
/// is a replay (200, no side effect); the same key with new content (Cloud reuses
/// "install:&lt;id&gt;" for a re-install, with a new API key) is a new event. Handling is
/// serialised and runs in one LiteDB transaction with the record of the key, so 50
/// identical events at the same instant apply once. Keys are persisted, not held in memory.
/// </summary>
public sealed class ProcessedEvents(AppDatabase database, TimeProvider time) : IStorageIndexes
{
    const string Collection = "processed_events";
    readonly Lock _gate = new();

    /// <summary>True when this key was processed with this content: a replay, answered 200 with no side effect.</summary>
    public bool IsReplay(string idempotencyKey, string fingerprint) =>
        database.Collection<ProcessedEvent>(Collection).FindById(idempotencyKey) is { } seen && seen.Fingerprint == fingerprint;

    /// <param name="apply">The side effect: synchronous LiteDB work only; returns Ignored or Refused to record nothing.</param>
    public EventOutcome Run(string idempotencyKey, string fingerprint, string installedAppId, Func<EventOutcome> apply)
    {
        lock (_gate)
        {
            return database.InTransaction(() =>
            {
                var events = database.Collection<ProcessedEvent>(Collection);
                if (events.FindById(idempotencyKey) is { } seen && seen.Fingerprint == fingerprint)
                    return EventOutcome.Replayed;

                var outcome = apply();
                if (outcome == EventOutcome.Applied)
                    events.Upsert(new ProcessedEvent
                    {
                        IdempotencyKey = idempotencyKey,
                        Fingerprint = fingerprint,
                        InstalledAppId = installedAppId,
                        ProcessedAt = UnixMs.From(time.GetUtcNow()),
                    });
                return outcome;
            });
        }
    }

    public void Ensure(LiteDatabase db) =>
        db.GetCollection<ProcessedEvent>(Collection).EnsureIndex(e => e.InstalledAppId);

    sealed class ProcessedEvent
    {
        [BsonId] public string IdempotencyKey { get; set; } = "";
        public string Fingerprint { get; set; } = "";
        public string InstalledAppId { get; set; } = "";
        public long ProcessedAt { get; set; }
    }
}
