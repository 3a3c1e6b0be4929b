using System.Security.Cryptography;
using System.Text;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.DevCloud.Proof;

/// <summary>
/// Every document of the app's database, hashed per collection: two snapshots differ exactly
/// when something was written. The readiness probe's own row (written by /ready) is left out.
/// </summary>
public sealed record AppStateSnapshot(IReadOnlyDictionary<string, (int Count, string Hash)> Collections)
{
    static readonly HashSet<string> Ignored = ["readiness"];

    public static AppStateSnapshot Of(AppDatabase database) => Of(database.Db);

    public static AppStateSnapshot Of(LiteDatabase db)
    {
        var collections = new SortedDictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var name in db.GetCollectionNames().Where(name => !Ignored.Contains(name)))
        {
            var documents = db.GetCollection(name).FindAll().Select(doc => JsonSerializer.Serialize(doc)).Order(StringComparer.Ordinal).ToList();
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', documents))));
            collections[name] = (documents.Count, hash);
        }
        return new AppStateSnapshot(collections);
    }

    /// <summary>The collections whose content differs, in words; empty when nothing changed.</summary>
    public IReadOnlyList<string> Differences(AppStateSnapshot after)
    {
        var names = Collections.Keys.Union(after.Collections.Keys).Order(StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var name in names)
        {
            Collections.TryGetValue(name, out var before);
            after.Collections.TryGetValue(name, out var now);
            if (before != now)
                differences.Add($"{name}: {before.Count} documents before, {now.Count} after{(before.Count == now.Count ? " (changed)" : "")}");
        }
        return differences;
    }
}
