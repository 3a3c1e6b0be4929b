using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.SyncNow;

/// <summary>Words for the values a run records.</summary>
public static class RunLabels
{
    public static string Trigger(SyncTrigger trigger) => trigger switch
    {
        SyncTrigger.Manual => "Sync now",
        SyncTrigger.Schedule => "Schedule",
        SyncTrigger.Resume => "Resumed after a restart",
        _ => trigger.ToString(),
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
