using System.Collections.Concurrent;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;

namespace BlnkSliceApp.DevCloud.Cloud;

/// <summary>Everything the emulated Cloud knows: installs, and one ledger per instance.</summary>
public sealed class CloudState(TimeProvider clock)
{
    readonly ConcurrentDictionary<string, InstanceLedger> _ledgers = new(StringComparer.Ordinal);

    public InstallRegistry Installs { get; } = new();

    /// <summary>Runs on every new instance ledger, e.g. to hold identities a Blnk user already had.</summary>
    public Action<InstanceLedger>? Preload { get; set; }

    public InstanceLedger Ledger(string instanceId) =>
        _ledgers.GetOrAdd(instanceId, id =>
        {
            var ledger = new InstanceLedger(id, clock);
            Preload?.Invoke(ledger);
            return ledger;
        });

    public IReadOnlyList<string> InstanceIds => _ledgers.Keys.Order(StringComparer.Ordinal).ToList();
}
