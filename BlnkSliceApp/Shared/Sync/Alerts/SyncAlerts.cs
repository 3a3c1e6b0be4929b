using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Alerts;

/// <summary>
/// Problems the sync finds, raised as Cloud alerts on the entity concerned (with alerts:write)
/// and always recorded locally in <see cref="RaisedAlertRecord.Collection"/>. One open record
/// per install, kind and subject: a repeat updates the Cloud alert and counts an occurrence
/// instead of raising another. Alerting never stops a sync: a Cloud refusal leaves the finding
/// recorded locally.
/// </summary>
public sealed class SyncAlerts(AppDatabase database, TimeProvider time, ILogger<SyncAlerts> logger)
{
    readonly KeyedLocks _locks = new();

    ILiteCollection<RaisedAlertRecord> Records => database.Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection);

    public static string IdFor(string installedAppId, RaisedAlertKind kind, string subject) => $"{installedAppId}:{kind}:{subject}";

    public IReadOnlyList<RaisedAlertRecord> ForInstall(string installedAppId, bool openOnly) =>
        Records.Find(r => r.InstalledAppId == installedAppId)
            .Where(r => !openOnly || r.Open)
            .OrderByDescending(r => r.UpdatedAt)
            .ToList();

    public RaisedAlertRecord? Find(string installedAppId, RaisedAlertKind kind, string subject) =>
        Records.FindById(IdFor(installedAppId, kind, subject));

    public Task RaiseRejectedPostingAsync(CloudClient cloud, InstallRecord install, string flaggedEntityId, string reference, string reason, string runId, CancellationToken ct) =>
        RaiseAsync(cloud, install, RaisedAlertKind.RejectedPosting, reference, flaggedEntityId,
            $"Stripe sync: Blnk refused the posting {reference}",
            $"During sync run {runId}, Blnk refused the transaction with reference {reference}: {reason}. " +
            "It is not in the ledger, so the ledger will not match Stripe until it is posted: fix the cause in Blnk, then open the app's portal and retry it under Repair.",
            runId, ct);

    public Task RaiseUnmappedCategoryAsync(CloudClient cloud, InstallRecord install, string flaggedEntityId, string category, string balanceTransactionId, string runId, CancellationToken ct) =>
        RaiseAsync(cloud, install, RaisedAlertKind.UnmappedCategory, category, flaggedEntityId,
            $"Stripe sync: Stripe activity of type \"{category}\" needs a review",
            $"Stripe reported activity of type \"{category}\" (latest: balance transaction {balanceTransactionId}, sync run {runId}), " +
            "which the sync has no specific account for. It was posted between the Stripe balance and the \"other\" balance so the totals still match Stripe; " +
            (Mapping.MappingRules.For(category) is null
                ? "to move it, open the app's portal and map the category to a balance under Repair: what is in \"other\" is then moved there once, and later activity of this type follows the rule."
                : "please check each one in Stripe (activity of this type is raised for a look every time, not moved by a rule)."),
            runId, ct);

    /// <summary>
    /// Raises (or, when one is open, updates) the alert of this install, kind and subject.
    /// <paramref name="flaggedEntityId"/> null, or no alerts:write, records it locally only.
    /// </summary>
    public async Task<RaisedAlertRecord> RaiseAsync(CloudClient cloud, InstallRecord install, RaisedAlertKind kind, string subject,
        string? flaggedEntityId, string title, string description, string runId, CancellationToken ct)
    {
        var id = IdFor(install.InstalledAppId, kind, subject);
        using var _ = await _locks.AcquireAsync(id, ct);
        var now = UnixMs.From(time.GetUtcNow());
        var record = Records.FindById(id);
        var repeat = record is { Open: true };
        if (!repeat)
        {
            record = new RaisedAlertRecord
            {
                Id = id,
                InstalledAppId = install.InstalledAppId,
                Kind = kind,
                Subject = subject,
                RaisedAt = now,
            };
        }
        else
        {
            record!.Occurrences++;
        }
        record.Title = title;
        record.Description = description;
        record.RunId = runId;
        record.UpdatedAt = now;
        record.Open = true;

        if (install.Has(Scopes.AlertsWrite))
        {
            try
            {
                CloudAlert? alert = null;
                if (repeat && record.CloudAlertId is { } existing)
                    alert = await cloud.UpdateAlertAsync(existing, title, description, CloudClient.FlaggedStatus, ct);
                // A first finding, a repeat that was only local so far, or an alert deleted in Cloud.
                if (alert is null && flaggedEntityId is not null)
                    alert = await cloud.FlagAlertAsync(flaggedEntityId, title, description, ct);
                record.CloudAlertId = alert?.AlertId;
            }
            catch (CloudCallException error)
            {
                logger.LogWarning("Could not raise the {Kind} alert of install {InstalledAppId} in Blnk Cloud ({Reason}); it is recorded locally",
                    kind, install.InstalledAppId, error.Message);
            }
        }
        Records.Upsert(record);
        return record;
    }

    /// <summary>Closes the open record of this subject, and resolves its Cloud alert; false when none was open.</summary>
    public async Task<bool> ResolveAsync(CloudClient cloud, InstallRecord install, RaisedAlertKind kind, string subject, string note, CancellationToken ct)
    {
        var id = IdFor(install.InstalledAppId, kind, subject);
        if (Records.FindById(id) is not { Open: true })
            return false;
        using var _ = await _locks.AcquireAsync(id, ct);
        if (Records.FindById(id) is not { Open: true } record)
            return false;

        if (record.CloudAlertId is { } alertId && install.Has(Scopes.AlertsWrite))
        {
            try
            {
                await cloud.ResolveAlertAsync(alertId, $"{record.Description} Resolved: {note}", ct);
            }
            catch (CloudCallException error)
            {
                logger.LogWarning("Could not resolve alert {AlertId} of install {InstalledAppId} in Blnk Cloud ({Reason}); closed locally",
                    alertId, install.InstalledAppId, error.Message);
            }
        }
        record.Open = false;
        record.UpdatedAt = UnixMs.From(time.GetUtcNow());
        Records.Upsert(record);
        return true;
    }
}

/// <summary>The portal lists an install's alerts; the index keeps that a look-up, not a scan.</summary>
internal sealed class SyncAlertIndexes : IStorageIndexes
{
    public void Ensure(LiteDatabase db) =>
        db.GetCollection<RaisedAlertRecord>(RaisedAlertRecord.Collection).EnsureIndex(a => a.InstalledAppId);
}
