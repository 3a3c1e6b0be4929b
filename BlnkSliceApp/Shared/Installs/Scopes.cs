namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// The permission scopes Blnk Cloud grants to an install. Cloud calls these the scopes supported
/// "today": an install may carry others, which are kept on its record and never enable anything.
/// </summary>
public static class Scopes
{
    public const string DataRead = "data:read";
    public const string DataWrite = "data:write";
    public const string AlertsRead = "alerts:read";
    public const string AlertsWrite = "alerts:write";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { DataRead, DataWrite, AlertsRead, AlertsWrite };

    public const int MaxGranted = 64;

    public static bool IsWellFormed(string? scope) =>
        scope is { Length: > 0 and <= 100 } && !scope.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));

    /// <summary>The granted set as stored: distinct, in ordinal order, so two events compare by value.</summary>
    public static List<string> Normalized(IEnumerable<string> granted) => granted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
