using System.Text.Json.Serialization;
using FastEndpoints;

namespace BlnkSliceApp.Features.Callback;

/// <summary>
/// Cloud's install and uninstall events share one route and one body shape; which event it
/// is comes from the idempotency key's prefix, confirmed by <c>api_key</c> (install) or
/// <c>uninstalled_at</c> (uninstall). Each slice validates its own fields.
/// </summary>
public sealed class Request
{
    [JsonPropertyName("installed_app_id")] public string? InstalledAppId { get; set; }
    [JsonPropertyName("app_id")] public string? AppId { get; set; }
    [JsonPropertyName("instance_id")] public string? InstanceId { get; set; }
    [JsonPropertyName("organization_id")] public string? OrganizationId { get; set; }
    [JsonPropertyName("api_key")] public string? ApiKey { get; set; }
    [JsonPropertyName("api_key_prefix")] public string? ApiKeyPrefix { get; set; }
    [JsonPropertyName("granted_permissions")] public List<string>? GrantedPermissions { get; set; }
    [JsonPropertyName("uninstalled_at")] public DateTimeOffset? UninstalledAt { get; set; }
    [JsonPropertyName("idempotency_key")] public string? IdempotencyKey { get; set; }

    /// <summary>The key's prefix names the event when there is a key; the fields must agree with it.</summary>
    public CallbackEvent Kind => IdempotencyKey switch
    {
        null or "" when ApiKey is not null && UninstalledAt is null => CallbackEvent.Install,
        null or "" when UninstalledAt is not null && ApiKey is null => CallbackEvent.Uninstall,
        not null when IdempotencyKey.StartsWith("install:", StringComparison.Ordinal) && UninstalledAt is null => CallbackEvent.Install,
        not null when IdempotencyKey.StartsWith("uninstall:", StringComparison.Ordinal) && ApiKey is null => CallbackEvent.Uninstall,
        _ => CallbackEvent.Unknown,
    };

    // The key never reaches logs, even if this object is printed.
    public override string ToString() => $"Callback {Kind} for {InstalledAppId}";
}

public enum CallbackEvent { Unknown, Install, Uninstall }
