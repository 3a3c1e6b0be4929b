namespace BlnkSliceApp.Shared.Installs;

/// <summary>The permission scopes Blnk Cloud grants to an install.</summary>
public static class Scopes
{
    public const string DataRead = "data:read";
    public const string DataWrite = "data:write";
    public const string AlertsRead = "alerts:read";
    public const string AlertsWrite = "alerts:write";

    public static readonly IReadOnlySet<string> Known = new HashSet<string> { DataRead, DataWrite, AlertsRead, AlertsWrite };
}
