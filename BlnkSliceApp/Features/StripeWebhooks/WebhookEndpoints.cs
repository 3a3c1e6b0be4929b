using System.Security.Cryptography;
using System.Text;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>
/// The installs' webhook endpoints and their sealed signing secrets; the one place that opens
/// a webhook secret. An uninstall erases the whole record (the secret with it).
/// </summary>
public sealed class WebhookEndpoints(AppDatabase database, SecretBox box, TimeProvider time, ILogger<WebhookEndpoints> logger)
    : ISealedSecretHolder, IInstallErasable, IStorageIndexes
{
    const string EndpointIdPrefix = "whep_";
    const string KeysCollection = "stripe_webhook_keys";
    const string EndpointIdKey = "endpoint-id";

    ILiteCollection<WebhookEndpointRecord> Records => database.Collection<WebhookEndpointRecord>(WebhookEndpointRecord.Collection);

    public WebhookEndpointRecord? Find(string installedAppId) => Records.FindById(installedAppId);

    /// <summary>
    /// The path segment of the install's endpoint URL: an HMAC of the install id under a random key
    /// made once per database, so it is stable (showing it writes nothing), unrelated to anything
    /// Cloud knows, and unguessable. It is not a secret: only the signature proves a delivery.
    /// </summary>
    public string EndpointIdOf(string installedAppId)
    {
        var key = _key ??= database.Collection<KeyRecord>(KeysCollection).FindById(EndpointIdKey)?.Key
            ?? throw new InvalidOperationException("The webhook endpoint key is made at start-up.");
        return EndpointIdPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(installedAppId)).AsSpan(0, 16));
    }

    byte[]? _key;

    /// <summary>The record behind a URL's endpoint id; null for anything that is not one (malformed ids are not looked up).</summary>
    public WebhookEndpointRecord? FindByEndpointId(string? endpointId)
    {
        if (!IsEndpointId(endpointId))
            return null;
        return Records.FindOne(record => record.EndpointId == endpointId);
    }

    static bool IsEndpointId(string? value) =>
        value is { Length: 37 } && value.StartsWith(EndpointIdPrefix, StringComparison.Ordinal)
        && !value.AsSpan(EndpointIdPrefix.Length).ContainsAnyExcept("0123456789abcdef");

    /// <summary>The signing secret in plain text, for verifying a delivery only; null when none opens. Never log it.</summary>
    public string? OpenSecret(WebhookEndpointRecord record)
    {
        if (record.Secret is not { } sealedSecret)
            return null;
        try
        {
            return box.Open(sealedSecret, WebhookEndpointRecord.SecretContext(record.InstalledAppId));
        }
        catch (SecretUnavailableException)
        {
            logger.LogWarning("The Stripe webhook secret of {InstalledAppId} cannot be decrypted with the configured ENCRYPTION_KEY; it must be pasted again", record.InstalledAppId);
            return null;
        }
    }

    /// <summary>Whether the install has a secret that still opens (the portal shows one only then).</summary>
    public bool HasUsableSecret(WebhookEndpointRecord record) => OpenSecret(record) is not null;

    /// <returns>True when a secret was replaced.</returns>
    public bool SaveSecret(string installedAppId, string secret)
    {
        if (!WebhookSecretFormat.IsWellFormed(secret))
            throw new ArgumentException("Not a Stripe webhook signing secret.", nameof(secret));
        var record = Records.FindById(installedAppId) ?? new WebhookEndpointRecord
        {
            InstalledAppId = installedAppId,
            EndpointId = EndpointIdOf(installedAppId),
            CreatedAt = UnixMs.From(time.GetUtcNow()),
        };
        var replaced = record.Secret is not null;
        record.Secret = box.Seal(secret, WebhookEndpointRecord.SecretContext(installedAppId));
        record.SecretLast4 = WebhookSecretFormat.Last4(secret);
        record.SecretSavedAt = UnixMs.From(time.GetUtcNow());
        Records.Upsert(record);
        return replaced;
    }

    /// <returns>True when the install had a secret.</returns>
    public bool RemoveSecret(string installedAppId)
    {
        if (Records.FindById(installedAppId) is not { Secret: not null } record)
            return false;
        record.Secret = null;
        record.SecretLast4 = null;
        record.SecretSavedAt = null;
        Records.Update(record);
        return true;
    }

    public void RecordEvent(string installedAppId, string type)
    {
        if (Records.FindById(installedAppId) is not { } record)
            return;
        record.LastEventAt = UnixMs.From(time.GetUtcNow());
        record.LastEventType = type;
        Records.Update(record);
    }

    public int EraseInstallData(string installedAppId) => Records.Delete(installedAppId) ? 1 : 0;

    public int ResealWithCurrentKey(SecretBox secretBox)
    {
        var count = 0;
        foreach (var record in Records.Find(r => r.Secret != null).ToList())
        {
            if (!secretBox.NeedsResealing(record.Secret!))
                continue;
            var context = WebhookEndpointRecord.SecretContext(record.InstalledAppId);
            string plain;
            try
            {
                plain = secretBox.Open(record.Secret!, context);
            }
            catch (SecretUnavailableException)
            {
                logger.LogWarning("The Stripe webhook secret of {InstalledAppId} cannot be decrypted with ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS; it must be pasted again in the portal", record.InstalledAppId);
                continue;
            }
            record.Secret = secretBox.Seal(plain, context);
            Records.Update(record);
            count++;
        }
        return count;
    }

    public void Ensure(LiteDatabase db)
    {
        db.GetCollection<WebhookEndpointRecord>(WebhookEndpointRecord.Collection).EnsureIndex(r => r.EndpointId, unique: true);
        var keys = db.GetCollection<KeyRecord>(KeysCollection);
        if (keys.FindById(EndpointIdKey) is null)
            keys.Insert(new KeyRecord { Id = EndpointIdKey, Key = RandomNumberGenerator.GetBytes(32) });
    }

    sealed class KeyRecord
    {
        [BsonId] public string Id { get; set; } = "";
        public byte[] Key { get; set; } = [];
    }
}
