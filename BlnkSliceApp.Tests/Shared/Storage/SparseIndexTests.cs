using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Tests.Shared.Storage;

/// <summary>Indexes that hold only the documents they are about.</summary>
public sealed class SparseIndexTests : IDisposable
{
    static readonly string Waiting = SparseIndex.OfField("Waiting");
    readonly LiteDatabase _db = new(new MemoryStream());
    readonly ILiteCollection<BsonDocument> _items;

    public SparseIndexTests()
    {
        _items = _db.GetCollection("items");
        SparseIndex.Ensure(_db, "items", "waiting", Waiting);
        for (var i = 0; i < 20; i++)
        {
            var item = new BsonDocument { ["_id"] = i };
            if (i % 5 == 0) item["Waiting"] = $"a|{i:D2}";
            _items.Insert(item);
        }
        _items.Insert(new BsonDocument { ["_id"] = 100, ["Waiting"] = "b|00" });
    }

    [Fact]
    public void A_range_finds_only_the_documents_with_a_key_in_key_order_either_way()
    {
        Assert.Equal([0, 5, 10, 15], Ids(_items.Query().Where(SparseIndex.StartingWith(Waiting, "a|")).OrderBy(Waiting)));
        Assert.Equal([15, 10, 5, 0], Ids(_items.Query().Where(SparseIndex.StartingWith(Waiting, "a|")).OrderByDescending(Waiting)));
        Assert.Equal([5, 10], Ids(_items.Query().Where(SparseIndex.Between(Waiting, "a|05", "a|10")).OrderBy(Waiting)));
    }

    [Fact]
    public void A_range_is_read_from_the_index_in_its_order_with_no_sort_of_its_own()
    {
        var plan = _items.Query().Where(SparseIndex.StartingWith(Waiting, "a|")).OrderByDescending(Waiting).Limit(2).GetPlan();

        Assert.Equal("waiting", plan["index"]["name"].AsString);
        Assert.Equal(-1, plan["index"]["order"].AsInt32);
        Assert.False(plan.ContainsKey("orderBy"), plan.ToString());
    }

    [Fact]
    public void A_document_whose_key_goes_away_leaves_the_range()
    {
        var first = _items.FindById(0);
        first.Remove("Waiting");
        _items.Update(first);

        Assert.Equal([5, 10, 15], Ids(_items.Query().Where(SparseIndex.StartingWith(Waiting, "a|")).OrderBy(Waiting)));
    }

    [Fact]
    public void An_index_an_earlier_version_made_with_another_expression_is_rebuilt_and_a_retired_one_dropped()
    {
        var old = _db.GetCollection("old");
        old.EnsureIndex("waiting", "$.Waiting");
        old.EnsureIndex("Waiting_whole", "$.Waiting");
        old.Insert(new BsonDocument { ["_id"] = 1, ["Waiting"] = "a|01" });
        old.Insert(new BsonDocument { ["_id"] = 2 });

        SparseIndex.Ensure(_db, "old", "waiting", Waiting, retired: "Waiting_whole");

        var indexes = _db.GetCollection("$indexes").Query().Where("collection = 'old'").ToList()
            .ToDictionary(index => index["name"].AsString, index => index["expression"].AsString);
        Assert.Equal(BsonExpression.Create(Waiting).Source, indexes["waiting"]);
        Assert.False(indexes.ContainsKey("Waiting_whole"));
        Assert.Equal([1], Ids(old.Query().Where(SparseIndex.StartingWith(Waiting, "a|")).OrderBy(Waiting)));
    }

    static List<int> Ids(ILiteQueryable<BsonDocument> query) => query.ToList().Select(d => d["_id"].AsInt32).ToList();

    public void Dispose() => _db.Dispose();
}
