namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Cloud's api_key_prefix identifies a key in logs and the portal; it never authenticates, and
/// need not be the key's start (Blnk's example sends "blnk_live_abcd" for another key). When
/// Cloud sends more than a prefix (the whole key, or over 32 characters), only its first 12
/// characters are kept, so a key sent as its own prefix never reaches a log.
/// </summary>
public static class ApiKeyPrefixes
{
    public const int MaxKept = 32;
    public const int Shortened = 12;

    public static string Stored(string? prefix, string apiKey)
    {
        if (string.IsNullOrEmpty(prefix))
            return "";
        if (prefix.Length <= MaxKept && prefix != apiKey)
            return prefix;
        // A key of 24 characters or less would still be half shown: keep at most half of it.
        return prefix[..Math.Min(Shortened, prefix.Length / 2)];
    }
}
