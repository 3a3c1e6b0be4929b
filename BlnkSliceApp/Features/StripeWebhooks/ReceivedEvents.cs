using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>
/// The Stripe event ids each install has accepted, so a replayed delivery (an attacker's copy
/// within the signature's five minutes, or Stripe's own retry after a lost answer) starts
/// nothing. Kept <see cref="Retention"/>, longer than Stripe retries a delivery.
/// </summary>
public sealed class ReceivedEvents(AppDatabase database, TimeProvider time) : IStorageIndexes, IInstallErasable
{
    const string Collection = "stripe_webhook_events";

    /// <summary>Stripe retries a failed delivery for up to three days.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(3);

    /// <summary>How often ids past their retention are forgotten (on the next event after that).</summary>
    static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    readonly Lock _gate = new();
    DateTimeOffset _pruned = DateTimeOffset.MinValue;

    ILiteCollection<ReceivedEvent> Events => database.Collection<ReceivedEvent>(Collection);

    /// <returns>True when the event is new for the install; false for a replay.</returns>
    public bool TryRecord(string installedAppId, string eventId)
    {
        var id = installedAppId + "\n" + eventId;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now - _pruned >= PruneEvery)
            {
                Prune();
                _pruned = now;
            }
            if (Events.FindById(id) is not null)
                return false;
            Events.Insert(new ReceivedEvent { Id = id, InstalledAppId = installedAppId, ReceivedAt = UnixMs.From(time.GetUtcNow()) });
            return true;
        }
    }

    /// <summary>Forgets ids older than the retention; returns how many.</summary>
    public int Prune()
    {
        var before = UnixMs.From(time.GetUtcNow() - Retention);
        return Events.DeleteMany(e => e.ReceivedAt < before);
    }

    public int Count(string installedAppId) => Events.Count(e => e.InstalledAppId == installedAppId);

    public int EraseInstallData(string installedAppId) => Events.DeleteMany(e => e.InstalledAppId == installedAppId);

    public void Ensure(LiteDatabase db)
    {
        var events = db.GetCollection<ReceivedEvent>(Collection);
        events.EnsureIndex(e => e.InstalledAppId);
        events.EnsureIndex(e => e.ReceivedAt);
    }

    sealed class ReceivedEvent
    {
        [BsonId] public string Id { get; set; } = "";
        public string InstalledAppId { get; set; } = "";
        public long ReceivedAt { get; set; }
    }
}
