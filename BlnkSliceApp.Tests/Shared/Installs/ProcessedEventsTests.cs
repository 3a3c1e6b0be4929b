using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Tests.Shared.Storage;

namespace BlnkSliceApp.Tests.Shared.Installs;

/// <summary>
/// Install and uninstall events that arrive together are committed together. Each event
/// first holds the commit (its side effect waits), so the ones sent meanwhile all land in
/// the next batch: what is asserted is what happens inside one batch.
/// </summary>
public sealed class ProcessedEventsTests : IDisposable
{
    readonly TemporaryDatabase _temporary = new("events");
    readonly ProcessedEvents _events;

    public ProcessedEventsTests() => _events = new ProcessedEvents(Database, new GroupCommit(Database), TimeProvider.System);

    AppDatabase Database => _temporary.Database;

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public async Task Identical_events_in_one_batch_apply_once_and_the_others_are_replays()
    {
        var applied = 0;
        var batch = await InOneBatchAsync(Enumerable.Range(0, 50).Select(_ => Event("install:instapp_same", "fingerprint-1", () =>
        {
            Interlocked.Increment(ref applied);
            Mark("instapp_same");
            return EventOutcome.Applied;
        })).ToList());

        Assert.Equal(1, applied);
        Assert.Single(batch, outcome => outcome == EventOutcome.Applied);
        Assert.All(batch.Where(outcome => outcome != EventOutcome.Applied), outcome => Assert.Equal(EventOutcome.Replayed, outcome));
        Assert.True(_events.IsReplay("install:instapp_same", "fingerprint-1"));
    }

    [Fact]
    public async Task The_same_key_with_new_content_in_one_batch_is_a_new_event()
    {
        var batch = await InOneBatchAsync(
        [
            Event("install:instapp_again", "first key", () => EventOutcome.Applied),
            Event("install:instapp_again", "second key", () => EventOutcome.Applied),
            Event("install:instapp_again", "second key", () => EventOutcome.Applied),
        ]);

        Assert.Equal([EventOutcome.Applied, EventOutcome.Applied, EventOutcome.Replayed], batch);
        Assert.True(_events.IsReplay("install:instapp_again", "second key"));
        Assert.False(_events.IsReplay("install:instapp_again", "first key"));
    }

    [Fact]
    public async Task An_event_that_throws_fails_alone_and_leaves_nothing_while_the_others_in_its_batch_land()
    {
        var pending = Enumerable.Range(0, 10).Select(i => i == 4
            ? Event("install:instapp_4", "f", () =>
            {
                Mark("instapp_4");
                throw new InvalidOperationException("this event's side effect failed");
            })
            : Event($"install:instapp_{i}", "f", () =>
            {
                Mark($"instapp_{i}");
                return EventOutcome.Applied;
            })).ToList();

        var (held, batch) = Hold(pending);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => batch[4]);

        Assert.Equal("this event's side effect failed", failure.Message);
        Assert.Equal(EventOutcome.Applied, await held);
        foreach (var outcome in batch.Where((_, index) => index != 4))
            Assert.Equal(EventOutcome.Applied, await outcome);
        var marks = Database.Collection<EventMark>("marks");
        Assert.Null(marks.FindById("instapp_4"));
        Assert.False(_events.IsReplay("install:instapp_4", "f"));
        Assert.Equal(9, marks.Count());
        Assert.All(Enumerable.Range(0, 10).Where(i => i != 4), i => Assert.True(_events.IsReplay($"install:instapp_{i}", "f")));
    }

    [Fact]
    public async Task A_refused_event_records_nothing_and_the_others_in_its_batch_still_apply()
    {
        var batch = await InOneBatchAsync(
        [
            Event("install:instapp_ok", "f", () => EventOutcome.Applied),
            Event("install:instapp_refused", "f", () => EventOutcome.Refused),
            Event("uninstall:instapp_unknown", "f", () => EventOutcome.Ignored),
            Event("install:instapp_ok_too", "f", () => EventOutcome.Applied),
        ]);

        Assert.Equal([EventOutcome.Applied, EventOutcome.Refused, EventOutcome.Ignored, EventOutcome.Applied], batch);
        Assert.False(_events.IsReplay("install:instapp_refused", "f"));
        Assert.False(_events.IsReplay("uninstall:instapp_unknown", "f"));
        Assert.True(_events.IsReplay("install:instapp_ok_too", "f"));
    }

    sealed record PendingEvent(string Key, string Fingerprint, Func<EventOutcome> Apply);

    static PendingEvent Event(string key, string fingerprint, Func<EventOutcome> apply) => new(key, fingerprint, apply);

    void Mark(string id) => Database.Collection<EventMark>("marks").Upsert(new EventMark { Id = id });

    /// <summary>The events, committed together in one batch; their outcomes in order.</summary>
    async Task<EventOutcome[]> InOneBatchAsync(IReadOnlyList<PendingEvent> pending)
    {
        var (held, batch) = Hold(pending);
        await held;
        return await Task.WhenAll(batch);
    }

    /// <summary>
    /// A first event holds the commit while <paramref name="pending"/> are sent, so they are all
    /// waiting when it ends and are committed as one batch after it.
    /// </summary>
    (Task<EventOutcome> Held, List<Task<EventOutcome>> Batch) Hold(IReadOnlyList<PendingEvent> pending)
    {
        using var entered = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var held = Task.Run(() => _events.RunAsync("install:instapp_holder", "f", "instapp_holder", () =>
        {
            entered.Set();
            release.Wait();
            return EventOutcome.Applied;
        }));
        entered.Wait();
        var batch = pending.Select(e => _events.RunAsync(e.Key, e.Fingerprint, e.Key.Split(':')[1], e.Apply)).ToList();
        Assert.All(batch, outcome => Assert.False(outcome.IsCompleted));
        release.Set();
        _ = held.ContinueWith(_ => release.Dispose(), TaskScheduler.Default);
        return (held, batch);
    }

    sealed class EventMark
    {
        public string Id { get; set; } = "";
    }
}
