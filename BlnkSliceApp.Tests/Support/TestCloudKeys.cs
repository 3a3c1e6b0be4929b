using System.Collections.Concurrent;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// Blnk Cloud's view of API keys for tests that run the app alone (no DevCloud): every key an
/// event names was minted by Cloud, and Cloud revokes a key before it sends the uninstall
/// (<see cref="AppFactory.UninstallAsync"/>). The key-proof rules themselves are tested against
/// DevCloud's real Cloud API.
/// </summary>
public sealed class TestCloudKeys : ICloudKeyCheck
{
    readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    public void Revoke(string apiKey) => _revoked[apiKey] = 0;

    public Task<KeyVerdict> CheckAsync(string instanceId, string apiKey, IReadOnlyCollection<string> scopes, CancellationToken ct) =>
        Task.FromResult(_revoked.ContainsKey(apiKey) ? KeyVerdict.Revoked : KeyVerdict.Accepted);
}
