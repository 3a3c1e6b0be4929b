using System.Security.Cryptography;
using System.Text;
using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// A keyed digest of an event's fields, to tell a replay from a new event with a reused
/// idempotency key. Keyed (HMAC with a key derived from SESSION_SECRET) because an install
/// event's fields include its API key: a plain hash stored beside the ids would let someone
/// with a copy of the database test guesses of the key offline. A new SESSION_SECRET only makes
/// replays look new, which every handler already treats as a no-op.
/// </summary>
public sealed class EventFingerprint(AppSettings settings)
{
    readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, settings.SessionSecret, 32, info: Encoding.ASCII.GetBytes("blnkslice event fingerprint"));

    public string Of(params IEnumerable<string?> fields)
    {
        var joined = string.Join('\u001f', fields.Select(field => field ?? "\u0000"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(joined)));
    }
}
