using LiteDB;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// Indexes that hold only the documents they are about. LiteDB gives a null key an index node
/// like any other, and every node a write adds walks the skip list, allocating a node object and
/// its key for each step (about 20 KB of garbage per insert into a collection of 100,000). An
/// index over an expression that yields nothing (an empty array) adds no node, so a posting
/// that is not refused, not unmapped and not waiting costs those indexes nothing. Such an index
/// is read with ANY, and in key order through the same expression.
/// </summary>
public static class SparseIndex
{
    const char Last = '\uffff';

    /// <summary>The index expression: <paramref name="key"/> where <paramref name="when"/> holds, no key elsewhere.</summary>
    public static string Of(string key, string when) => $"ITEMS(IIF({when}, [{key}], []))";

    /// <summary>As <see cref="Of(string, string)"/>, for a field that is null where the document has no key.</summary>
    public static string OfField(string field) => Of($"$.{field}", $"$.{field} != null");

    public static BsonExpression StartingWith(string index, string prefix) => Between(index, prefix, prefix + Last);

    /// <summary>Keys from <paramref name="from"/> (included) on that start with <paramref name="prefix"/>.</summary>
    public static BsonExpression StartingWithFrom(string index, string prefix, string from) => Between(index, from, prefix + Last);

    public static BsonExpression Between(string index, string low, string high) =>
        BsonExpression.Create($"{index} ANY BETWEEN @0 AND @1", low, high);

    /// <summary>
    /// Ensures the index under this name with this expression, rebuilding it when a database made by
    /// an earlier version holds the name with another expression (LiteDB refuses to change one in place).
    /// </summary>
    public static void Ensure(LiteDatabase db, string collection, string name, string expression, params string[] retired)
    {
        var existing = db.GetCollection("$indexes").Query()
            .Where("collection = @0 AND name = @1", collection, name)
            .Select("expression")
            .FirstOrDefault();
        var target = db.GetCollection(collection);
        if (existing is not null && existing["expression"].AsString != BsonExpression.Create(expression).Source)
            target.DropIndex(name);
        foreach (var old in retired)
            target.DropIndex(old);
        target.EnsureIndex(name, expression);
    }
}
