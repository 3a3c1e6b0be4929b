using BlnkSliceApp.Features.Runs;
using BlnkSliceApp.Features.SyncNow;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.Overview;

/// <summary>A currency's reconciliation as the overview leads with it: matched, or the difference and since when.</summary>
public sealed record ReconciliationStatus(ReconciliationLine Line, DateTimeOffset? MismatchSince);

public sealed record OverviewView(
    IReadOnlyList<ReconciliationStatus> Reconciliation,
    DateTimeOffset? ReconciledAt,
    ActivitySummary Activity,
    SyncRunRecord? LastRun,
    ScheduleText Schedule,
    bool HasStripeKey,
    string? MissingSyncScopes,
    bool NeedsReinstall);

public sealed class OverviewViews(RunHistory history, ActivityFigures figures, SyncAlerts alerts, SyncSchedule schedule, StripeKeys keys)
{
    /// <summary>How far back to look for the last run that reconciled (a failed run may not have).</summary>
    const int ReconciliationLookBack = 25;

    public OverviewView For(InstallRecord install)
    {
        var latest = history.Latest(install.InstalledAppId);
        // No run at all (a new install): none reconciled either, without asking the database again.
        var reconciled = latest is null ? null
            : latest is { Reconciliation.Count: > 0 } ? latest
            : history.LatestReconciled(install.InstalledAppId, ReconciliationLookBack);
        var lines = reconciled?.Reconciliation
            .OrderBy(line => line.BalanceType == StripeBalanceTypes.Payments ? 0 : 1)
            .ThenBy(line => line.BalanceType, StringComparer.Ordinal)
            .ThenBy(line => line.Currency, StringComparer.Ordinal)
            .Select(line => new ReconciliationStatus(line, line.Matches ? null : Since(install, line)))
            .ToList() ?? [];
        return new OverviewView(
            lines,
            reconciled?.EndedAt is { } ended ? UnixMs.ToTime(ended) : null,
            figures.For(install.InstalledAppId, latest),
            latest,
            schedule.Describe(install, latest),
            keys.Describe(install) is not null,
            SyncBarViews.MissingSyncScopes(install),
            install.NeedsReinstall);
    }

    /// <summary>When the open mismatch alert of this balance and currency was first raised.</summary>
    DateTimeOffset? Since(InstallRecord install, ReconciliationLine line) =>
        alerts.Find(install.InstalledAppId, RaisedAlertKind.ReconciliationMismatch, StripeBalanceTypes.Key(line.BalanceType, line.Currency)) is { Open: true } open
            ? UnixMs.ToTime(open.RaisedAt)
            : null;
}
