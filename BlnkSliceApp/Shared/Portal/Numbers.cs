using System.Globalization;

namespace BlnkSliceApp.Shared.Portal;

public static class Numbers
{
    /// <summary>A count as people read it: 12,345.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
