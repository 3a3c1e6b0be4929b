namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>The tree of <c>expand[]</c> paths that applies below one object.</summary>
public sealed class Expansion
{
    readonly Dictionary<string, Expansion> _children = new(StringComparer.Ordinal);

    public static readonly Expansion None = new();

    public bool IsEmpty => _children.Count == 0;

    public IEnumerable<string> Fields => _children.Keys;

    public static Expansion Parse(IEnumerable<string> paths)
    {
        var root = new Expansion();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var part in path.Split('.'))
            {
                if (!node._children.TryGetValue(part, out var next))
                    node._children[part] = next = new Expansion();
                node = next;
            }
        }
        return root;
    }

    /// <summary>The subtree under <paramref name="field"/>, or null when that field stays an id.</summary>
    public Expansion? Child(string field) => _children.GetValueOrDefault(field);
}

/// <summary>Thrown while writing when <c>expand[]</c> names something Stripe would refuse.</summary>
public sealed class ExpansionException(string path) : Exception($"This property cannot be expanded ({path}).")
{
    public string Path { get; } = path;
}
