using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Read access to installs for every slice that acts on behalf of one, and the one place
/// that opens an install's sealed Cloud API key. Writes belong to Install and Uninstall.
/// </summary>
/// <remarks>
/// Every launch and every portal request reads its install by id (a LiteDB look-up by id was
/// about half a launch's CPU), so installs read by id are kept while the collection is
/// unchanged (<see cref="KeptById{T}"/>). Unknown ids are not kept: anyone may ask for one.
/// </remarks>
public sealed class InstallDirectory(AppDatabase database, SecretBox box, ILogger<InstallDirectory> logger) : ISealedSecretHolder, IStorageIndexes
{
    readonly KeptById<InstallRecord> _kept = new(database, InstallRecord.Collection, install => install.Copy(), keepMissing: false);

    ILiteCollection<InstallRecord> Installs => database.Collection<InstallRecord>(InstallRecord.Collection);

    public InstallRecord? Find(string installedAppId) => _kept.Find(installedAppId, () => Installs.FindById(installedAppId));

    public InstallRecord? FindActive(string installedAppId) => Find(installedAppId) is { IsActive: true } install ? install : null;

    /// <summary>Active and its key opens: the installs background work may act for.</summary>
    public InstallRecord? FindUsable(string installedAppId) => Find(installedAppId) is { IsUsable: true } install ? install : null;

    public IReadOnlyList<InstallRecord> AllActive() => Installs.Find(i => i.Status == InstallStatus.Active).ToList();

    public IReadOnlyList<InstallRecord> AllUsable() => AllActive().Where(i => i.IsUsable).ToList();

    /// <summary>The install's Cloud API key in plain text, for an outgoing Cloud call only. Never log it.</summary>
    public string OpenApiKey(InstallRecord install) =>
        install.ApiKey is { } sealedKey
            ? box.Open(sealedKey, InstallRecord.KeyContext(install.InstalledAppId))
            : throw new InvalidOperationException($"Install {install.InstalledAppId} has no API key (uninstalled).");

    /// <summary>
    /// At start-up: keys sealed with ENCRYPTION_KEY_PREVIOUS are sealed again with the current
    /// key, and an install whose key opens with neither is marked as needing a re-install
    /// (logged), so one unreadable record never stops the app or the other installs.
    /// </summary>
    public int ResealWithCurrentKey(SecretBox secretBox)
    {
        var count = 0;
        foreach (var install in Installs.Find(i => i.ApiKey != null).ToList())
        {
            var context = InstallRecord.KeyContext(install.InstalledAppId);
            string? plain;
            try { plain = secretBox.Open(install.ApiKey!, context); }
            catch (SecretUnavailableException) { plain = null; }

            var resealed = plain is not null && secretBox.NeedsResealing(install.ApiKey!);
            if (resealed)
                install.ApiKey = secretBox.Seal(plain!, context);
            if (!resealed && install.NeedsReinstall == (plain is null))
                continue;
            install.NeedsReinstall = plain is null;
            Installs.Update(install);
            if (plain is null)
                logger.LogError("The Blnk Cloud key of install {InstalledAppId} (instance {InstanceId}) cannot be decrypted with ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS: it needs a re-install in Blnk Cloud (or the previous key restored); every other install keeps working",
                    install.InstalledAppId, install.InstanceId);
            if (resealed)
                count++;
        }
        return count;
    }

    public IReadOnlyList<InstallRecord> PendingErasure() => Installs.Find(i => i.ErasePending).ToList();

    public void Ensure(LiteDatabase db) =>
        db.GetCollection<InstallRecord>(InstallRecord.Collection).EnsureIndex(i => i.Status);
}
