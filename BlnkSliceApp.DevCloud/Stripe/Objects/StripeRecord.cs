namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>
/// One Stripe object held by the emulator. Records are kept in creation order per resource;
/// <see cref="Seq"/> breaks ties between objects created in the same second so that paging
/// is stable, as Stripe's is.
/// </summary>
public abstract class StripeRecord
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    internal long Seq { get; set; }

    public abstract string ObjectName { get; }

    /// <summary>Fields a caller may name in <c>expand[]</c>; anything else is refused as Stripe does.</summary>
    internal virtual IReadOnlySet<string> ExpandableFields => NoExpandable;

    internal abstract void WriteFields(ObjectWriter w, Expansion expand);

    internal static readonly IReadOnlySet<string> NoExpandable = new HashSet<string>();
}
