using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>Refused: the event contradicts the stored install; nothing is recorded, so a corrected event can follow.</summary>
public enum EventOutcome { Applied, Replayed, Ignored, Refused }

/// <summary>
/// Exactly-once handling of Cloud's install and uninstall events. An event is identified by
/// its idempotency key and a fingerprint of its content: the same key with the same content
/// is a replay (200, no side effect); the same key with new content (Cloud reuses
/// "install:&lt;id&gt;" for a re-install, with a new API key) is a new event. The replay check,
/// the side effect and the record of the key are one write, so 50 identical events at the
/// same instant apply once. Keys are persisted, not held in memory.
/// </summary>
/// <remarks>
/// Concurrent events are committed together (<see cref="GroupCommit"/>): one transaction and
/// one flush to disk for all that arrive during the previous commit, instead of one each in
/// turn. Inside a batch the events run one after another and each sees the ones before it,
/// so a key recorded earlier in the batch is a replay; an event whose side effect throws is
/// retried alone and fails alone. Each caller hears its outcome once the batch is on disk.
/// </remarks>
public sealed class ProcessedEvents(AppDatabase database, GroupCommit commits, TimeProvider time) : IStorageIndexes
{
    const string Collection = "processed_events";

    /// <summary>True when this key was processed with this content: a replay, answered 200 with no side effect.</summary>
    public bool IsReplay(string idempotencyKey, string fingerprint) =>
        database.Collection<ProcessedEvent>(Collection).FindById(idempotencyKey) is { } seen && seen.Fingerprint == fingerprint;

    /// <param name="apply">
    /// The side effect: synchronous LiteDB work only (it may run again, alone, if a batch it was
    /// in failed); returns Ignored or Refused having written nothing, to record nothing.
    /// </param>
    public Task<EventOutcome> RunAsync(string idempotencyKey, string fingerprint, string installedAppId, Func<EventOutcome> apply) =>
        commits.WriteAsync(() =>
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
