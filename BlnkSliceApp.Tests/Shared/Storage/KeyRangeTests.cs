using System.Collections;
using System.Reflection;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Tests.Shared.Storage;

/// <summary>Index ranges over composite keys, with their bounds as parameters.</summary>
public sealed class KeyRangeTests : IDisposable
{
    readonly LiteDatabase _db = new(new MemoryStream());
    readonly ILiteCollection<BsonDocument> _keys;

    public KeyRangeTests()
    {
        _keys = _db.GetCollection("keys");
        foreach (var id in new[] { "a|1", "a|2", "a|3", "a", "ab|1", "b|1" })
            _keys.Insert(new BsonDocument { ["_id"] = id });
    }

    [Fact]
    public void A_prefix_finds_the_keys_that_start_with_it_and_no_other()
    {
        Assert.Equal(["a|1", "a|2", "a|3"], Ids(KeyRange.StartingWith("_id", "a|")));
    }

    [Fact]
    public void A_range_after_a_key_starts_past_it()
    {
        Assert.Equal(["a|2", "a|3"], Ids(KeyRange.StartingWithAfter("_id", "a|", "a|1")));
        Assert.Equal(["a|3", "b|1"], Ids(KeyRange.After("_id", "a|2")));
    }

    [Fact]
    public void A_range_is_answered_by_the_index_it_names()
    {
        var plan = _keys.Query().Where(KeyRange.StartingWith("_id", "a|")).GetPlan();

        Assert.Contains("RANGE", plan["index"]["mode"].AsString);
    }

    [Fact]
    public void Ranges_over_many_different_keys_compile_no_new_code()
    {
        var compiled = CompiledExpressions();
        for (var i = 0; i < 300; i++)
            _keys.Query().Where(KeyRange.StartingWithAfter("_id", $"key{i}|", $"key{i}|{i}")).ToList();

        // Other tests compile their own expressions meanwhile, a handful each; one per key would be 300 more.
        Assert.True(CompiledExpressions() - compiled < 50, $"{CompiledExpressions() - compiled} expressions compiled");
    }

    List<string> Ids(BsonExpression range) => _keys.Query().Where(range).OrderBy("_id").ToList().Select(d => d["_id"].AsString).ToList();

    /// <summary>LiteDB keeps every expression it compiled, by its text, in two static caches.</summary>
    static int CompiledExpressions() =>
        new[] { "_cacheScalar", "_cacheEnumerable" }
            .Select(name => (ICollection)typeof(BsonExpression).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!)
            .Sum(cache => cache.Count);

    public void Dispose() => _db.Dispose();
}
