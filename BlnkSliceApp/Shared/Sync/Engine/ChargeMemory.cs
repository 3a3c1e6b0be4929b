namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>
/// Charges' customers a run has seen, at most <see cref="Limit"/>: a backfill reads a charge
/// per pay-in, and keeping 100,000 of them would cost tens of MB for the few refunds that ask.
/// Past the limit it starts afresh and the local cache answers the rest.
/// </summary>
public sealed class ChargeMemory
{
    public const int Limit = 10_000;

    readonly Dictionary<string, string?> _customers = new(StringComparer.Ordinal);

    public int Count => _customers.Count;

    /// <summary>Remembers charges together (a page's, say), so a page is never half forgotten.</summary>
    public void Keep(IReadOnlyCollection<(string ChargeId, string? CustomerId)> charges)
    {
        if (_customers.Count + charges.Count > Limit)
            _customers.Clear();
        foreach (var (chargeId, customerId) in charges)
            _customers[chargeId] = customerId;
    }

    /// <summary>The charge's customer (null: a charge without one), when the charge is remembered.</summary>
    public bool TryGet(string chargeId, out string? customerId) => _customers.TryGetValue(chargeId, out customerId);
}
