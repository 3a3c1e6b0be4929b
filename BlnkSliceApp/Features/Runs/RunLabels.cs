using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.Runs;

/// <summary>Words for the values a run records.</summary>
public static class RunLabels
{
    public static string Trigger(SyncTrigger trigger) => trigger switch
    {
        SyncTrigger.Manual => "Sync now",
        SyncTrigger.Schedule => "Schedule",
        SyncTrigger.Resume => "Resumed after a restart",
        SyncTrigger.Webhook => "Stripe webhook",
        SyncTrigger.Safety => "Daily safety run (last 3 days)",
        _ => trigger.ToString(),
    };

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => "under a second",
        { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds} s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes} min",
    };

    public static string Status(SyncRunStatus status) => status switch
    {
        SyncRunStatus.Running => "Running",
        SyncRunStatus.Succeeded => "Succeeded",
        SyncRunStatus.Failed => "Failed",
        SyncRunStatus.Cancelled => "Cancelled",
        SyncRunStatus.Interrupted => "Interrupted",
        _ => status.ToString(),
    };

    /// <summary>Stripe's reporting categories are snake_case ("refund_failure"); people read "Refund failure".</summary>
    public static string Category(string category)
    {
        if (string.IsNullOrWhiteSpace(category))
            return "Uncategorised";
        var words = category.Replace('_', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}
