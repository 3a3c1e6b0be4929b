using System.Security.Cryptography;
using System.Text;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>A one-way digest of an event's fields, to tell a replay from a new event with a reused key.</summary>
public static class EventFingerprint
{
    public static string Of(params IEnumerable<string?> fields)
    {
        var joined = string.Join('\u001f', fields.Select(field => field ?? "\u0000"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }
}
