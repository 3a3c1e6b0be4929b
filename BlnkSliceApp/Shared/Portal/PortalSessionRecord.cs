using LiteDB;

namespace BlnkSliceApp.Shared.Portal;

/// <summary>Server side of a portal session; the browser holds only the signed token.</summary>
public sealed class PortalSessionRecord
{
    public const string Collection = "portal_sessions";

    /// <summary>SHA-256 of the session id in the token, so a copy of the database holds no usable session.</summary>
    [BsonId] public string IdHash { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public int InstallGeneration { get; set; }
    public long CreatedAt { get; set; }
    public long ExpiresAt { get; set; }
    public long? RevokedAt { get; set; }

    public PortalSessionRecord Copy() => (PortalSessionRecord)MemberwiseClone();
}

/// <summary>A one-time link minted by a launch; stored only as a hash.</summary>
public sealed class LaunchTokenRecord
{
    public const string Collection = "launch_tokens";

    [BsonId] public string TokenHash { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public int InstallGeneration { get; set; }
    public long CreatedAt { get; set; }
    public long ExpiresAt { get; set; }
    public long? UsedAt { get; set; }
    public long? RevokedAt { get; set; }
}
