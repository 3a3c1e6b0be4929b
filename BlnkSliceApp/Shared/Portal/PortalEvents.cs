namespace BlnkSliceApp.Shared.Portal;

/// <summary>
/// The HX-Trigger events portal answers raise, and the views that listen for them refresh
/// themselves (<c>hx-trigger="... from:body"</c>): every action's answer updates every view it changes.
/// </summary>
public static class PortalEvents
{
    /// <summary>A run started (Sync now, or the schedule seen by a refresh).</summary>
    public const string SyncStarted = "sync-started";

    /// <summary>A run the portal was following ended: overview, runs, transactions and alerts change.</summary>
    public const string SyncFinished = "sync-finished";

    /// <summary>A Stripe key was connected, replaced or removed.</summary>
    public const string StripeChanged = "stripe-changed";

    /// <summary>Settings were saved (the schedule, the indicators).</summary>
    public const string SettingsSaved = "settings-saved";

    /// <summary>An alert was resolved or flagged.</summary>
    public const string AlertsChanged = "alerts-changed";

    /// <summary>A repair (a retried posting, a new rule) changed the ledger and the run history.</summary>
    public const string RepairDone = "repair-done";

    /// <summary>The hx-trigger value of a view that refreshes on these events.</summary>
    public static string RefreshOn(params string[] events) => string.Join(", ", events.Select(e => $"{e} from:body"));
}
