using System.Collections.Concurrent;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// Blnk Cloud's view of API keys for tests that run the app alone (no DevCloud): every key an
/// event names was minted by Cloud unless the test says otherwise, and Cloud revokes a key
/// before it sends the uninstall (<see cref="AppFactory.UninstallAsync"/>). The key-proof rules
/// themselves are tested against DevCloud's real Cloud API.
/// </summary>
public sealed class TestCloudKeys : ICloudKeyCheck
{
    readonly ConcurrentDictionary<string, KeyVerdict> _verdicts = new(StringComparer.Ordinal);

    /// <summary>Every key asked about, in order (keys themselves: a test double, never logged).</summary>
    public ConcurrentQueue<string> Asked { get; } = new();

    public bool Unreachable { get; set; }

    public void Revoke(string apiKey) => _verdicts[apiKey] = KeyVerdict.Revoked;

    /// <summary>A key Cloud never minted (an outsider's guess).</summary>
    public void NeverMinted(string apiKey) => _verdicts[apiKey] = KeyVerdict.Revoked;

    public void Accept(string apiKey) => _verdicts[apiKey] = KeyVerdict.Accepted;

    public Task<KeyVerdict> CheckAsync(string instanceId, string apiKey, CancellationToken ct)
    {
        Asked.Enqueue(apiKey);
        return Task.FromResult(Unreachable ? KeyVerdict.Unreachable : _verdicts.GetValueOrDefault(apiKey, KeyVerdict.Accepted));
    }
}
