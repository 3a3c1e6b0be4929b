using BlnkSliceApp.Shared.Crypto;
using LiteDB;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>An install's own Stripe key, sealed, with the facts the portal may show about it.</summary>
public sealed class StripeKeyRecord
{
    public const string Collection = "stripe_keys";

    [BsonId] public string InstalledAppId { get; set; } = "";
    public SealedSecret Key { get; set; } = new();
    public string AccountId { get; set; } = "";
    public bool Live { get; set; }
    public string Last4 { get; set; } = "";
    public long SavedAt { get; set; }

    /// <summary>Associated data for the sealed key: a ciphertext only opens for its own install.</summary>
    public static string KeyContext(string installedAppId) => $"stripe-secret-key:{installedAppId}";
}

/// <summary>What the portal may show about the Stripe key an install uses; never the key.</summary>
public sealed record StripeKeyDescription(string? AccountId, bool Live, string Last4, StripeKeySource Source)
{
    public string Mode => Live ? "live" : "test";
}
