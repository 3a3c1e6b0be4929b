namespace BlnkSliceApp.Features.SyncNow;

public static class SyncNowRoutes
{
    /// <summary>GET: the sync bar (Sync now, the latest run, the schedule); POST: start a run and answer with the bar showing it.</summary>
    public const string Panel = "/portal/sync";

    /// <summary>GET: only the progress element of a run, which polls itself while the run goes on.</summary>
    public const string Progress = "/portal/sync/progress";
}
