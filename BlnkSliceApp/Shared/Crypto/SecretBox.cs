using System.Security.Cryptography;
using System.Text;
using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Crypto;

/// <summary>A secret encrypted at rest: which key sealed it, and nonce|ciphertext|tag.</summary>
public sealed class SealedSecret
{
    public string KeyId { get; set; } = "";
    public byte[] Payload { get; set; } = [];
}

/// <summary>
/// AES-256-GCM for secrets at rest (Cloud API keys, Stripe keys). The key id travels with
/// the ciphertext so ENCRYPTION_KEY can rotate: the previous key still opens old records,
/// which are then sealed again with the current one. Associated data binds a ciphertext to
/// its record, so a sealed key copied onto another install does not open.
/// </summary>
public sealed class SecretBox
{
    const int NonceSize = 12;
    const int TagSize = 16;

    readonly byte[] _current;
    readonly string _currentId;
    readonly Dictionary<string, byte[]> _keys = new();

    public SecretBox(AppSettings settings)
    {
        _current = settings.EncryptionKey;
        _currentId = KeyIdOf(_current);
        _keys[_currentId] = _current;
        if (settings.EncryptionKeyPrevious is { } previous)
            _keys.TryAdd(KeyIdOf(previous), previous);
    }

    public string CurrentKeyId => _currentId;

    public SealedSecret Seal(string plaintext, string associatedData)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[NonceSize + plain.Length + TagSize];
        var nonce = payload.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current, TagSize);
        aes.Encrypt(nonce, plain, payload.AsSpan(NonceSize, plain.Length), payload.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(associatedData));
        CryptographicOperations.ZeroMemory(plain);
        return new SealedSecret { KeyId = _currentId, Payload = payload };
    }

    /// <summary>Opens a sealed secret. Throws <see cref="SecretUnavailableException"/> when no configured key opens it.</summary>
    public string Open(SealedSecret sealedSecret, string associatedData)
    {
        if (!_keys.TryGetValue(sealedSecret.KeyId, out var key) || sealedSecret.Payload.Length < NonceSize + TagSize)
            throw new SecretUnavailableException();
        var payload = sealedSecret.Payload;
        var cipherLength = payload.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(payload.AsSpan(0, NonceSize), payload.AsSpan(NonceSize, cipherLength), payload.AsSpan(NonceSize + cipherLength), plain, Encoding.UTF8.GetBytes(associatedData));
            return Encoding.UTF8.GetString(plain);
        }
        catch (CryptographicException)
        {
            throw new SecretUnavailableException();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public bool NeedsResealing(SealedSecret sealedSecret) => sealedSecret.KeyId != _currentId;

    /// <summary>A short public fingerprint of a key; never enough to recover it.</summary>
    static string KeyIdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..12];
}

/// <summary>The stored secret cannot be opened with the configured keys (wrong or rotated-out key, or tampering).</summary>
public sealed class SecretUnavailableException() : Exception("A stored secret could not be decrypted with the configured ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS.");
