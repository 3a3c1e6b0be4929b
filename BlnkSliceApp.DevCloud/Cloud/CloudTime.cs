using System.Globalization;

namespace BlnkSliceApp.DevCloud.Cloud;

public static class CloudTime
{
    /// <summary>RFC 3339 in UTC with fractional seconds, as Blnk's Go JSON encoder writes times.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
