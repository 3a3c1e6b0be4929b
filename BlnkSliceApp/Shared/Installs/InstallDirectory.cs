using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Read access to installs for every slice that acts on behalf of one, and the one place
/// that opens an install's sealed Cloud API key. Writes belong to Install and Uninstall.
/// </summary>
public sealed class InstallDirectory(AppDatabase database, SecretBox box) : ISealedSecretHolder, IStorageIndexes
{
    ILiteCollection<InstallRecord> Installs => database.Collection<InstallRecord>(InstallRecord.Collection);

    public InstallRecord? Find(string installedAppId) => Installs.FindById(installedAppId);

    public InstallRecord? FindActive(string installedAppId) => Find(installedAppId) is { IsActive: true } install ? install : null;

    public IReadOnlyList<InstallRecord> AllActive() => Installs.Find(i => i.Status == InstallStatus.Active).ToList();

    /// <summary>The install's Cloud API key in plain text, for an outgoing Cloud call only. Never log it.</summary>
    public string OpenApiKey(InstallRecord install) =>
        install.ApiKey is { } sealedKey
            ? box.Open(sealedKey, InstallRecord.KeyContext(install.InstalledAppId))
            : throw new InvalidOperationException($"Install {install.InstalledAppId} has no API key (uninstalled).");

    public int ResealWithCurrentKey(SecretBox secretBox)
    {
        var count = 0;
        foreach (var install in Installs.Find(i => i.ApiKey != null).ToList())
        {
            if (install.ApiKey is not { } sealedKey || !secretBox.NeedsResealing(sealedKey))
                continue;
            var context = InstallRecord.KeyContext(install.InstalledAppId);
            install.ApiKey = secretBox.Seal(secretBox.Open(sealedKey, context), context);
            Installs.Update(install);
            count++;
        }
        return count;
    }

    public void Ensure(LiteDatabase db) =>
        db.GetCollection<InstallRecord>(InstallRecord.Collection).EnsureIndex(i => i.Status);
}
