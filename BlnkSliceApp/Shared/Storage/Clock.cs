namespace BlnkSliceApp.Shared.Storage;

/// <summary>Times are stored as Unix milliseconds (long): exact, sortable, index-friendly.</summary>
public static class UnixMs
{
    public static long From(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
    public static DateTimeOffset ToTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
