using LiteDB;
using LiteDB.Engine;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// LiteDB 5.0.20 with one writer at a time. Its free-page list lives on the header page, which
/// transactions on different collections change without a common lock: when one frees pages
/// (a delete, a document that outgrew its slot) while another allocates, the list is corrupted
/// ("empty page must be defined as empty type", litedb-org/LiteDB#2503 and #2825, fixed after
/// 5.0.21), first in memory and then on disk. Dozens of concurrent syncs meet it within
/// seconds. Here a write, or an explicit transaction from BeginTrans to its Commit or Rollback,
/// holds one lock (re-entrant on its thread; LiteDB's transactions are per thread); reads and
/// checkpoints go straight through (LiteDB's own locks order them). Lock order: an app lock may
/// be taken before a write, never while one holds a transaction and then the other way round.
/// Every write also moves its collection's <see cref="CollectionVersions"/>, when it starts and
/// once its transaction has ended.
/// </summary>
sealed class OneWriterEngine(ILiteEngine inner, CollectionVersions versions) : ILiteEngine
{
    readonly object _writer = new();
    readonly ThreadLocal<bool> _inTransaction = new();
    readonly ThreadLocal<HashSet<string>?> _writtenInTransaction = new();

    public ILiteEngine Inner => inner;

    public bool BeginTrans()
    {
        if (_inTransaction.Value)
            return inner.BeginTrans();
        Monitor.Enter(_writer);
        try
        {
            var began = inner.BeginTrans();
            if (began) _inTransaction.Value = true;
            else Monitor.Exit(_writer);
            return began;
        }
        catch
        {
            Monitor.Exit(_writer);
            throw;
        }
    }

    public bool Commit() => EndTransaction(inner.Commit);

    public bool Rollback() => EndTransaction(inner.Rollback);

    bool EndTransaction(Func<bool> end)
    {
        try
        {
            return end();
        }
        finally
        {
            if (_inTransaction.Value)
            {
                // After the commit or rollback: what a reader finds from now on is what the file holds.
                if (_writtenInTransaction.Value is { Count: > 0 } written)
                {
                    foreach (var collection in written)
                        versions.WriteEnded(collection);
                    written.Clear();
                }
                _inTransaction.Value = false;
                Monitor.Exit(_writer);
            }
        }
    }

    T Write<T>(string collection, Func<T> write)
    {
        lock (_writer)
        {
            if (_inTransaction.Value)
            {
                var written = _writtenInTransaction.Value ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                if (written.Add(collection))
                    versions.WriteStarted(collection);
                return write();
            }
            // On its own: LiteDB commits it before returning.
            versions.WriteStarted(collection);
            try
            {
                return write();
            }
            finally
            {
                versions.WriteEnded(collection);
            }
        }
    }

    T ChangeEverything<T>(Func<T> change)
    {
        versions.EverythingChanged();
        try
        {
            return change();
        }
        finally
        {
            versions.EverythingChanged();
        }
    }

    public IBsonDataReader Query(string collection, Query query) => inner.Query(collection, query);
    public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write(collection, () => inner.Insert(collection, docs, autoId));
    public int Update(string collection, IEnumerable<BsonDocument> docs) => Write(collection, () => inner.Update(collection, docs));
    public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate) => Write(collection, () => inner.UpdateMany(collection, transform, predicate));
    public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write(collection, () => inner.Upsert(collection, docs, autoId));
    public int Delete(string collection, IEnumerable<BsonValue> ids) => Write(collection, () => inner.Delete(collection, ids));
    public int DeleteMany(string collection, BsonExpression predicate) => Write(collection, () => inner.DeleteMany(collection, predicate));
    public bool DropCollection(string name) => ChangeEverything(() => Write(name, () => inner.DropCollection(name)));
    public bool RenameCollection(string name, string newName) => ChangeEverything(() => Write(name, () => Write(newName, () => inner.RenameCollection(name, newName))));
    public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique) => Write(collection, () => inner.EnsureIndex(collection, name, expression, unique));
    public bool DropIndex(string collection, string name) => Write(collection, () => inner.DropIndex(collection, name));
    public BsonValue Pragma(string name) => inner.Pragma(name);
    public bool Pragma(string name, BsonValue value) => ChangeEverything(() => Write("$pragma", () => inner.Pragma(name, value)));
    public int Checkpoint() => inner.Checkpoint();
    public long Rebuild(RebuildOptions options) => ChangeEverything(() => inner.Rebuild(options));

    public void Dispose()
    {
        inner.Dispose();
        _inTransaction.Dispose();
        _writtenInTransaction.Dispose();
    }
}
