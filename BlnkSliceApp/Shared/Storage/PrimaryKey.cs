using LiteDB;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// Many documents by id in one query. LiteDB plans every query from scratch (FindById included),
/// so a look-up by id costs far more in planning than in seeking; one IN over the primary key
/// seeks each id under one plan. The ids are a parameter, so LiteDB parses the expression once
/// and caches it, whatever the ids.
/// </summary>
public static class PrimaryKey
{
    /// <summary>Ids per query: bounded, so one look-up never holds a whole backfill's documents.</summary>
    public const int Chunk = 500;

    public static BsonExpression AnyOf(IEnumerable<string> ids) =>
        BsonExpression.Create("_id IN @0", new BsonArray(ids.Select(id => new BsonValue(id))));

    /// <summary>The documents of these ids that exist, by id, read a chunk at a time.</summary>
    public static Dictionary<string, T> FindMany<T>(ILiteCollection<T> collection, IEnumerable<string> ids, Func<T, string> idOf)
    {
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(Chunk))
            foreach (var document in collection.Find(AnyOf(chunk)))
                found[idOf(document)] = document;
        return found;
    }
}
