using System.Collections.Concurrent;

namespace BlnkSliceApp.DevCloud.Cloud.Installs;

/// <summary>Every install this emulator made, found by id or by any key it was ever given.</summary>
public sealed class InstallRegistry
{
    readonly ConcurrentDictionary<string, DevCloudInstall> _byId = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, DevCloudInstall> _byKey = new(StringComparer.Ordinal);

    public void Add(DevCloudInstall install)
    {
        _byId[install.InstalledAppId] = install;
        _byKey[install.ApiKey] = install;
    }

    /// <summary>A key minted later for the same install (a change of permissions).</summary>
    public void AddKey(DevCloudInstall install, KeyGrant grant) => _byKey[grant.ApiKey] = install;

    public DevCloudInstall? Find(string installedAppId) => _byId.GetValueOrDefault(installedAppId);

    /// <summary>The install this key was minted for, live or not; the caller decides what a dead key means.</summary>
    public DevCloudInstall? FindByKey(string apiKey) => _byKey.GetValueOrDefault(apiKey);

    public IReadOnlyList<DevCloudInstall> All => _byId.Values.OrderBy(install => install.CreatedAt).ToList();

    public IReadOnlyList<string> InstanceIds => All.Select(install => install.InstanceId).Distinct(StringComparer.Ordinal).ToList();
}
