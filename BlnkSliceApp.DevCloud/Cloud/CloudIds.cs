using System.Security.Cryptography;

namespace BlnkSliceApp.DevCloud.Cloud;

/// <summary>Identifiers in the shapes Blnk and Cloud use (prefix + UUID or random token).</summary>
public static class CloudIds
{
    public const string GeneralLedgerId = "general_ledger_id";

    public static string New(string prefix) => $"{prefix}_{Guid.NewGuid():D}";

    /// <summary>A short random token for install-level ids, like Cloud's <c>instapp_...</c>.</summary>
    public static string Token(string prefix, int bytes = 12) =>
        $"{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes))}";

    public static bool IsIdentityId(string value) =>
        value.StartsWith("idt_", StringComparison.Ordinal) && Guid.TryParseExact(value[4..], "D", out _);
}
