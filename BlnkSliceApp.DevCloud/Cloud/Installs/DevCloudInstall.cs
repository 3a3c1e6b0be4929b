namespace BlnkSliceApp.DevCloud.Cloud.Installs;

public enum InstallState
{
    /// <summary>Key minted, install event sent, answer not in yet. The key works (Cloud minted it first).</summary>
    Pending,
    Active,
    /// <summary>The app did not answer 2xx within the time limit: Cloud cancelled it and revoked the key.</summary>
    Failed,
    /// <summary>Cloud revoked the key and sent the uninstall event; the app has not confirmed it yet (Cloud retries).</summary>
    Uninstalling,
    Uninstalled,
}

/// <summary>A scoped key Cloud minted for an install, and whether Cloud still accepts it.</summary>
public sealed class KeyGrant
{
    public required string ApiKey { get; init; }
    public required string ApiKeyPrefix { get; init; }
    public required IReadOnlySet<string> Scopes { get; init; }
    volatile bool _revoked;
    public bool Revoked { get => _revoked; internal set => _revoked = value; }
}

/// <summary>
/// One install made by the emulated dashboard. <see cref="ApiKey"/> is here for tests that
/// call the Cloud API as the app would; the page and the call log only ever show
/// <see cref="ApiKeyPrefix"/>. A change of permissions mints a new key (<see cref="PendingGrant"/>)
/// that replaces the current one once the app confirms it.
/// </summary>
public sealed class DevCloudInstall
{
    public required string InstalledAppId { get; init; }
    public required string AppId { get; init; }
    public required string InstanceId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    volatile KeyGrant _grant = default!;
    public required KeyGrant Grant { get => _grant; set => _grant = value; }

    /// <summary>A key minted for a change of permissions, live while the app is asked to take it.</summary>
    public KeyGrant? PendingGrant { get; internal set; }

    public string ApiKey => Grant.ApiKey;
    public string ApiKeyPrefix => Grant.ApiKeyPrefix;
    public IReadOnlySet<string> Scopes => Grant.Scopes;

    volatile InstallState _state;
    public InstallState State { get => _state; internal set => _state = value; }
    public DateTimeOffset? UninstalledAt { get; internal set; }

    /// <summary>Status code of the app's answer to the install event, or null (no answer in time).</summary>
    public int? InstallAnswer { get; internal set; }

    public bool IsKeyLive => State is InstallState.Pending or InstallState.Active && !Grant.Revoked;
    public bool Has(string scope) => Scopes.Contains(scope);

    /// <summary>The grant this key belongs to while Cloud accepts it; null for a revoked or unknown key.</summary>
    public KeyGrant? LiveGrant(string apiKey)
    {
        if (State is not (InstallState.Pending or InstallState.Active))
            return null;
        if (Grant is { Revoked: false } current && current.ApiKey == apiKey)
            return current;
        return PendingGrant is { Revoked: false } pending && pending.ApiKey == apiKey ? pending : null;
    }

    public string IdempotencyKey => $"install:{InstalledAppId}";
}
