using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Runs;

/// <summary>The engine's writes to run records; the portal reads the same collection.</summary>
public sealed class SyncRuns(AppDatabase database, TimeProvider time) : IStorageIndexes
{
    ILiteCollection<SyncRunRecord> Runs => database.Collection<SyncRunRecord>(SyncRunRecord.Collection);

    public SyncRunRecord Create(string installedAppId, SyncTrigger trigger, Repair.RepairRecord? repair = null)
    {
        var now = UnixMs.From(time.GetUtcNow());
        var run = new SyncRunRecord
        {
            RunId = ObjectId.NewObjectId().ToString(),
            InstalledAppId = installedAppId,
            Trigger = trigger,
            Status = SyncRunStatus.Running,
            Phase = "Starting",
            StartedAt = now,
            UpdatedAt = now,
            Repair = repair,
        };
        Runs.Insert(run);
        return run;
    }

    public void Save(SyncRunRecord run)
    {
        run.UpdatedAt = UnixMs.From(time.GetUtcNow());
        Runs.Update(run);
    }

    public void Finish(SyncRunRecord run, SyncRunStatus status, string? error = null)
    {
        run.Status = status;
        run.Phase = status.ToString();
        if (error is not null && !run.Errors.Contains(error))
            run.Errors.Add(error);
        run.EndedAt = UnixMs.From(time.GetUtcNow());
        Save(run);
    }

    public SyncRunRecord? Get(string runId) => Runs.FindById(runId);

    /// <summary>Runs the database says are running: after a crash, these are the interrupted ones.</summary>
    public List<SyncRunRecord> Running() => Runs.Find(run => run.Status == SyncRunStatus.Running).ToList();

    /// <summary>The window start of the install's first run that fixed one (Unix seconds), for states that did not keep it.</summary>
    public long? FirstWindowFrom(string installedAppId) =>
        Runs.Find(run => run.InstalledAppId == installedAppId && run.WindowTo > 0)
            .OrderBy(run => run.StartedAt).Select(run => (long?)run.WindowFrom).FirstOrDefault();

    public void Ensure(LiteDatabase db)
    {
        var runs = db.GetCollection<SyncRunRecord>(SyncRunRecord.Collection);
        runs.EnsureIndex(run => run.InstalledAppId);
        runs.EnsureIndex(run => run.Status);
    }
}
