using BlnkSliceApp.Shared.Sync.Mapping;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Repair;

/// <summary>
/// An install's own rule for a reporting category the mapping table does not know: its
/// counterparty balance instead of "other". Saved by a repair run, in the same transaction as
/// the re-classifications it records, and read by every later run's mapping. Kept apart from
/// <see cref="SyncPreferences"/> so that saving the settings form can never drop one.
/// </summary>
public sealed class CategoryRuleRecord
{
    public const string Collection = "sync_category_rules";

    /// <summary>"{installedAppId}|{category}".</summary>
    [BsonId] public string Id { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public string Category { get; set; } = "";
    public LedgerRole Balance { get; set; }
    public string SavedByRun { get; set; } = "";
    public long SavedAt { get; set; }

    public static string IdFor(string installedAppId, string category) => $"{installedAppId}|{category}";
}
