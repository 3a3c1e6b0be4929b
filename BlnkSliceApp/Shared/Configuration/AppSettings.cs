using System.Net;

namespace BlnkSliceApp.Shared.Configuration;

/// <summary>
/// Every setting the app reads, validated once at start-up. Names of the environment
/// variables are the public contract (README's configuration table).
/// </summary>
public sealed class AppSettings
{
    public required Uri PublicBaseUrl { get; init; }
    public required string DatabasePath { get; init; }
    public required byte[] SessionSecret { get; init; }
    public required byte[] EncryptionKey { get; init; }
    public byte[]? EncryptionKeyPrevious { get; init; }
    public required string FrameAncestors { get; init; }
    public required int PortalSessionMinutes { get; init; }
    public required IReadOnlyList<IPNetwork> CloudAllowedIps { get; init; }
    public required IReadOnlyList<IPNetwork> TrustedProxies { get; init; }
    public required Uri BlnkCloudApiUrl { get; init; }

    public string? StripeSecretKey { get; init; }
    public required Uri StripeApiBase { get; init; }
    public required int SyncIntervalMinutes { get; init; }
    public required int SyncBackfillDays { get; init; }

    public TimeSpan PortalSessionLifetime => TimeSpan.FromMinutes(PortalSessionMinutes);
    public static readonly TimeSpan LaunchTokenLifetime = TimeSpan.FromMinutes(2);
}
