namespace BlnkSliceApp.Features.SyncNow;

public static class SyncNowRoutes
{
    /// <summary>GET: the sync panel; POST: start a run and answer with the panel showing it.</summary>
    public const string Panel = "/portal/sync";
}
