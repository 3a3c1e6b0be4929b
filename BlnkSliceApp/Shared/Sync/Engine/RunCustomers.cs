using System.Collections.Concurrent;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>What one run learnt about customers: their balance ids, and which were counted as linked or created.</summary>
public sealed class RunCustomers
{
    public ConcurrentDictionary<(string Customer, string Currency), string> Balances { get; } = new();
    public HashSet<string> Counted { get; } = new(StringComparer.Ordinal);
}
