using System.Globalization;

namespace BlnkSliceApp.Shared.Portal;

/// <summary>Times as text where markup cannot carry them (attributes, hidden labels, CSV): UTC, unambiguous.</summary>
public static class PortalTimeText
{
    public static string Utc(long unixMs) => Utc(DateTimeOffset.FromUnixTimeMilliseconds(unixMs));

    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 in UTC, to the second: 2026-12-02T07:10:13Z.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
