using System.Security.Cryptography;
using System.Text;

namespace BlnkSliceApp.Shared.Crypto;

/// <summary>Random bearer tokens and the hashes they are stored as.</summary>
public static class Tokens
{
    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>What is stored instead of the token: SHA-256, hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
