using LiteDB;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// Index ranges over the app's composite keys ("install|..."), always with the bounds as
/// parameters. LiteDB 5.0.20 compiles every expression it has not seen, keyed by its text, and
/// keeps the compiled code for good; its <c>Query.StartsWith</c>, <c>Query.Between</c> and
/// <c>Query.GT</c> write the value into that text, so each new key cost a compilation (about a
/// millisecond of JIT) and a cache entry that never left. With the ordinal collation, every key
/// that starts with a prefix sorts between the prefix and the prefix followed by U+FFFF.
/// </summary>
public static class KeyRange
{
    const char Last = '\uffff';

    public static BsonExpression StartingWith(string field, string prefix) => Between(field, prefix, prefix + Last);

    /// <summary>Keys from <paramref name="low"/> to <paramref name="high"/>, both included.</summary>
    public static BsonExpression Between(string field, string low, string high) =>
        BsonExpression.Create($"{field} BETWEEN @0 AND @1", low, high);

    /// <summary>Keys after <paramref name="after"/> that start with <paramref name="prefix"/>.</summary>
    public static BsonExpression StartingWithAfter(string field, string prefix, string after) =>
        Between(field, after + '\0', prefix + Last);

    public static BsonExpression After(string field, string after) => BsonExpression.Create($"{field} > @0", after);
}
