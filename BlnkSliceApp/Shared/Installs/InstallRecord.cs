using BlnkSliceApp.Shared.Crypto;
using LiteDB;

namespace BlnkSliceApp.Shared.Installs;

public enum InstallStatus { Active, Uninstalled }

/// <summary>One installation of the app into a Cloud instance, as Cloud described it.</summary>
public sealed class InstallRecord
{
    public const string Collection = "installs";

    [BsonId] public string InstalledAppId { get; set; } = "";
    public string AppId { get; set; } = "";
    public string InstanceId { get; set; } = "";

    /// <summary>Cloud's organization, when an event carries it (Cloud's current payload does not).</summary>
    public string? OrganizationId { get; set; }

    /// <summary>Identifies the key in logs and the portal; never used to authenticate. At most 12 characters when Cloud sent more than a prefix.</summary>
    public string ApiKeyPrefix { get; set; } = "";

    /// <summary>The Cloud API key, sealed; null once uninstalled.</summary>
    public SealedSecret? ApiKey { get; set; }

    /// <summary>Every scope Cloud granted, unknown ones included; only <see cref="Scopes.Known"/> enable anything.</summary>
    public List<string> GrantedPermissions { get; set; } = [];
    public InstallStatus Status { get; set; }
    public long InstalledAt { get; set; }

    /// <summary>
    /// Grows with every activation or key change. Launch links and sessions remember the
    /// generation they were made for, so none made before an uninstall opens a later install.
    /// </summary>
    public int Generation { get; set; }
    public long UpdatedAt { get; set; }
    public long? UninstalledAt { get; set; }

    /// <summary>
    /// The sealed key no longer opens with the configured ENCRYPTION_KEY (a new key without
    /// ENCRYPTION_KEY_PREVIOUS, or a damaged record): the install does nothing until Cloud
    /// sends a new install event. Checked again at every start.
    /// </summary>
    public bool NeedsReinstall { get; set; }

    /// <summary>
    /// Cloud confirmed the stored key for this instance (a key check answered, or the key was
    /// proven by an event). A new install is stored before it is confirmed (Cloud waits only 10
    /// seconds), so until then nothing that belongs to the deployment, such as its Stripe key, serves it.
    /// </summary>
    public bool KeyConfirmed { get; set; }

    /// <summary>Cloud answered that it does not know the stored key for this instance: nothing is tried with it until a new key arrives.</summary>
    public bool KeyRefused { get; set; }

    /// <summary>Uninstalled, and the install's customer data and Stripe key are not yet erased.</summary>
    public bool ErasePending { get; set; }

    /// <summary>
    /// When the erasure is due (Unix ms): at once after a proven uninstall; later after one Cloud
    /// could not confirm (the key no longer decrypted), so a forged uninstall destroys nothing
    /// before a real re-install can bring the install back.
    /// </summary>
    public long EraseAfter { get; set; }

    public bool IsActive => Status == InstallStatus.Active && ApiKey is not null;

    /// <summary>Active and its key opens: Cloud calls can be made for it.</summary>
    public bool IsUsable => IsActive && !NeedsReinstall;
    public bool Has(string scope) => GrantedPermissions.Contains(scope);

    /// <summary>A copy the caller may change without changing the one it came from.</summary>
    public InstallRecord Copy()
    {
        var copy = (InstallRecord)MemberwiseClone();
        copy.GrantedPermissions = [.. GrantedPermissions];
        copy.ApiKey = ApiKey is { } key ? new SealedSecret { KeyId = key.KeyId, Payload = [.. key.Payload] } : null;
        return copy;
    }

    /// <summary>Associated data for the sealed key: a ciphertext only opens on its own install.</summary>
    public static string KeyContext(string installedAppId) => $"install-api-key:{installedAppId}";
}
