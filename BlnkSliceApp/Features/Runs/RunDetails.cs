using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Runs;
using LiteDB;

namespace BlnkSliceApp.Features.Runs;

public sealed record RunsView(IReadOnlyList<SyncRunRecord> Runs, int Page, int Pages, int Total);

public sealed record RunDetailView(SyncRunRecord Run, IReadOnlyList<RaisedAlertRecord> Alerts);

/// <summary>The Runs view's reads: a page of runs, or one run with the alerts it raised.</summary>
public sealed class RunDetails(RunHistory history, AppDatabase database)
{
    ILiteCollection<RaisedAlertRecord> Alerts => database.Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection);

    public RunsView Page(string installedAppId, int page)
    {
        var total = history.Count(installedAppId);
        var pages = Math.Max(1, (total + RunRoutes.PageSize - 1) / RunRoutes.PageSize);
        page = Math.Clamp(page, 1, pages);
        return new RunsView(history.Page(installedAppId, (page - 1) * RunRoutes.PageSize, RunRoutes.PageSize), page, pages, total);
    }

    public RunDetailView? Detail(string installedAppId, string runId) =>
        history.Get(installedAppId, runId) is { } run
            ? new RunDetailView(run, Alerts.Find(alert => alert.InstalledAppId == installedAppId && alert.RunId == runId)
                .OrderByDescending(alert => alert.UpdatedAt).ToList())
            : null;
}
