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
    public string ApiKeyPrefix { get; set; } = "";

    /// <summary>The Cloud API key, sealed; null once uninstalled.</summary>
    public SealedSecret? ApiKey { get; set; }

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

    public bool IsActive => Status == InstallStatus.Active && ApiKey is not null;
    public bool Has(string scope) => GrantedPermissions.Contains(scope);

    /// <summary>Associated data for the sealed key: a ciphertext only opens on its own install.</summary>
    public static string KeyContext(string installedAppId) => $"install-api-key:{installedAppId}";
}
