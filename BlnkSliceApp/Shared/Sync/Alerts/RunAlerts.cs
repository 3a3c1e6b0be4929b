using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Shared.Sync.Alerts;

/// <summary>
/// Alerts about the runs themselves: a run that failed, and a schedule that has not completed
/// a run for three of its intervals. Each is one open alert per install (a repeat updates it),
/// flagged in Cloud on the install's Stripe balance when one is known, and resolved by the
/// next run that succeeds.
/// </summary>
public sealed class RunAlerts(SyncAlerts alerts, CloudClients cloudClients, AppDatabase database, ILogger<RunAlerts> logger)
{
    const string Subject = "runs";

    public Task RaiseFailedAsync(InstallRecord install, SyncRunRecord run, CancellationToken ct) =>
        RaiseAsync(install, RaisedAlertKind.RunFailed,
            "Stripe sync: a sync run failed",
            $"Sync run {run.RunId} ({run.Trigger}) failed: {string.Join(" ", run.Errors.TakeLast(3))} " +
            "Nothing recorded was lost; the next run continues where this one stopped.",
            run, ct);

    /// <summary>Raised once while the stall lasts (the schedule looks every minute).</summary>
    public Task RaiseStalledAsync(InstallRecord install, TimeSpan interval, DateTimeOffset lastCompleted, SyncRunRecord? latest, CancellationToken ct) =>
        alerts.Find(install.InstalledAppId, RaisedAlertKind.ScheduleStalled, Subject) is { Open: true } ? Task.CompletedTask : RaiseAsync(install, RaisedAlertKind.ScheduleStalled,
            "Stripe sync: the schedule has not completed a run",
            $"The schedule runs every {Minutes(interval)}, but no run has completed since {lastCompleted.UtcDateTime:yyyy-MM-dd HH:mm} UTC " +
            "(three intervals or more). Open the app's portal in Blnk Cloud to see why: a missing Stripe key, a refused permission or failing runs.",
            latest, ct);

    /// <summary>A run succeeded: whatever was wrong with the runs is over.</summary>
    public async Task ResolveAsync(InstallRecord install, SyncRunRecord run, CancellationToken ct)
    {
        foreach (var kind in new[] { RaisedAlertKind.RunFailed, RaisedAlertKind.ScheduleStalled })
        {
            if (alerts.Find(install.InstalledAppId, kind, Subject) is not { Open: true } || CloudFor(install) is not { } cloud) continue;
            await alerts.ResolveAsync(cloud, install, kind, Subject, $"sync run {run.RunId} succeeded.", ct);
        }
    }

    async Task RaiseAsync(InstallRecord install, RaisedAlertKind kind, string title, string description, SyncRunRecord? run, CancellationToken ct)
    {
        try
        {
            if (CloudFor(install) is not { } cloud) return;
            var flagged = await StripeBalanceIdAsync(cloud, install, run, ct);
            await alerts.RaiseAsync(cloud, install, kind, Subject, flagged, title, description, run?.RunId ?? "", ct);
        }
        catch (Exception error) when (error is CloudCallException or InvalidOperationException)
        {
            logger.LogWarning("Could not record the {Kind} alert of install {InstalledAppId}: {Reason}", kind, install.InstalledAppId, error.Message);
        }
    }

    CloudClient? CloudFor(InstallRecord install)
    {
        try
        {
            return cloudClients.For(install);
        }
        catch (CloudCallException)
        {
            return null;
        }
    }

    /// <summary>The @stripe balance in a currency the last reconciliation knew; null records the alert locally only.</summary>
    async Task<string?> StripeBalanceIdAsync(CloudClient cloud, InstallRecord install, SyncRunRecord? run, CancellationToken ct)
    {
        if (!install.Has(Scopes.AlertsWrite) || !install.Has(Scopes.DataRead)) return null;
        var currency = run?.Reconciliation.FirstOrDefault()?.Currency
            ?? database.Collection<SyncRunRecord>(SyncRunRecord.Collection)
                .Find(r => r.InstalledAppId == install.InstalledAppId && r.Status == SyncRunStatus.Succeeded)
                .Select(r => r.Reconciliation.FirstOrDefault()?.Currency).FirstOrDefault(c => c is not null);
        if (currency is null) return null;
        var indicator = database.Collection<SyncPreferences>(SyncPreferences.Collection).FindById(install.InstalledAppId)?.StripeIndicator ?? "@stripe";
        try
        {
            return (await cloud.FindIndicatorBalanceAsync(indicator, currency, ct))?.BalanceId;
        }
        catch (CloudCallException)
        {
            return null;
        }
    }

    static string Minutes(TimeSpan interval) => interval.TotalMinutes >= 60 && interval.TotalMinutes % 60 == 0
        ? $"{interval.TotalHours:0} h"
        : $"{interval.TotalMinutes:0} min";
}
