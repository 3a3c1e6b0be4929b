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
        SyncTrigger.Repair => "Repair",
        _ => trigger.ToString(),
    };

    /// <summary>What a repair run was asked to do and did, in a sentence.</summary>
    public static string Repair(Shared.Sync.Repair.RepairRecord repair) => repair.Kind switch
    {
        Shared.Sync.Repair.RepairKind.Retry when repair.AllRefused =>
            $"Retry of every refused posting: {repair.Retried} put back in the queue and posted again.",
        Shared.Sync.Repair.RepairKind.Retry =>
            $"Retry of {string.Join(", ", repair.References)}: {repair.Retried} put back in the queue{(repair.Skipped > 0 ? $", {repair.Skipped} not refused any more" : "")}.",
        _ =>
            $"Rule for the category \"{repair.Category}\": to {repair.BalanceIndicator ?? repair.Balance?.ToString()}. " +
            $"{repair.Reclassified} re-classified from {repair.OtherIndicator ?? "other"}, {repair.Remapped} not posted yet sent there directly" +
            (repair.Skipped > 0 ? $", {repair.Skipped} in flight left for the next run." : "."),
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
