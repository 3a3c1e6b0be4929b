using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Alerts;

public enum RaisedAlertKind { ReconciliationMismatch, RejectedPosting, UnmappedCategory, PayoutFailed, RunFailed, ScheduleStalled, Dispute, FlaggedForReview }

/// <summary>
/// A Cloud alert the sync raised, or a finding it could only record locally (no alerts:write).
/// One open record per install and subject (a currency, a reference, a category): a repeat
/// updates it instead of raising another.
/// </summary>
public sealed class RaisedAlertRecord
{
    public const string Collection = "sync_alerts";

    /// <summary>"{installedAppId}:{kind}:{subject}".</summary>
    [BsonId] public string Id { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public RaisedAlertKind Kind { get; set; }
    /// <summary>Currency (mismatch), reference (rejection, or a posting a person flagged for review), reporting category (unmapped), payout id (failed or canceled payout) or dispute id.</summary>
    public string Subject { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Cloud's anomaly_id; null when alerts:write was not granted (recorded locally only).</summary>
    public string? CloudAlertId { get; set; }
    public bool Open { get; set; } = true;
    public string RunId { get; set; } = "";
    public int Occurrences { get; set; } = 1;
    public long RaisedAt { get; set; }
    public long UpdatedAt { get; set; }
}
