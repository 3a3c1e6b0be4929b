namespace BlnkSliceApp.DevCloud.Cloud.Installs;

public enum InstallState
{
    /// <summary>Key minted, install event sent, answer not in yet. The key works (Cloud minted it first).</summary>
    Pending,
    Active,
    /// <summary>The app did not answer 2xx within the time limit: Cloud cancelled it and revoked the key.</summary>
    Failed,
    Uninstalled,
}

/// <summary>
/// One install made by the emulated dashboard. <see cref="ApiKey"/> is here for tests that
/// call the Cloud API as the app would; the page and the call log only ever show
/// <see cref="ApiKeyPrefix"/>.
/// </summary>
public sealed class DevCloudInstall
{
    public required string InstalledAppId { get; init; }
    public required string AppId { get; init; }
    public required string InstanceId { get; init; }
    public required string ApiKey { get; init; }
    public required string ApiKeyPrefix { get; init; }
    public required IReadOnlySet<string> Scopes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    volatile InstallState _state;
    public InstallState State { get => _state; internal set => _state = value; }
    public DateTimeOffset? UninstalledAt { get; internal set; }

    /// <summary>Status code of the app's answer to the install event, or null (no answer in time).</summary>
    public int? InstallAnswer { get; internal set; }

    public bool IsKeyLive => State is InstallState.Pending or InstallState.Active;
    public bool Has(string scope) => Scopes.Contains(scope);

    public string IdempotencyKey => $"install:{InstalledAppId}";
}
