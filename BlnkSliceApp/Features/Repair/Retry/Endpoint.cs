using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync.Repair;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using FastEndpoints;

namespace BlnkSliceApp.Features.Repair.Retry;

/// <summary>
/// Retries refused postings (data:write, and data:read as every run): a repair run puts them
/// back in the queue under the launcher's one-run-per-install rule and posts them, and this
/// answer waits a few seconds for it. A second click finds the posting no longer refused, or
/// the run still going, and changes nothing: each posting reaches the ledger once.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, RepairViews views, SyncItems items, RepairItems refused, SyncLauncher launcher, SyncRuns runs) : Endpoint<Request>
{
    public override void Configure()
    {
        Post(RepairRoutes.Retry);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (RepairPermission.Missing(install) is { } scope)
        {
            await Send.ResultAsync(RepairAnswers.Forbidden(HttpContext, RepairPermission.Refusal(scope, "retried")));
            return;
        }
        var page = request.PageNumber;
        _noticeOnly = request.FromTransactions;
        if (ValidationFailed)
        {
            await AnswerAsync(install, page, $"Nothing was retried: {ValidationFailures[0].ErrorMessage}", "error", StatusCodes.Status422UnprocessableEntity);
            return;
        }

        RepairRecord repair;
        if (request.Everything)
        {
            if (refused.RefusedCount(install.InstalledAppId) == 0)
            {
                await AnswerAsync(install, page, "Nothing is refused any more: there is nothing to retry.", "info", StatusCodes.Status200OK);
                return;
            }
            repair = RepairRecord.RetryAll();
        }
        else
        {
            var reference = request.ReferenceValue!;
            // Another install's reference is simply not found here: its id starts with the other install.
            if (items.Find([SyncItemRecord.IdFor(install.InstalledAppId, reference)]).FirstOrDefault() is not { } item)
            {
                await AnswerAsync(install, page, $"Nothing was retried: this install has no posting {reference}.", "error", StatusCodes.Status404NotFound);
                return;
            }
            if (item.State != SyncItemState.Rejected)
            {
                // A double click, or a retry from another tab that was quicker: already done.
                await AnswerAsync(install, page, $"{reference} is not refused any more ({Transactions.TransactionText.Label(Transactions.TransactionText.Status(item))}); nothing was retried again.",
                    "info", StatusCodes.Status200OK);
                return;
            }
            repair = RepairRecord.Retry([reference]);
        }

        var start = launcher.StartRepair(install.InstalledAppId, repair);
        if (!start.Started || start.AlreadyRunning)
        {
            var (status, text) = RepairAnswers.Refused(start);
            Logger.LogInformation("Retry refused for {InstalledAppId}: {Refusal} (already running: {Already})", install.InstalledAppId, start.Refusal, start.AlreadyRunning);
            await AnswerAsync(install, page, text, "warning", status);
            return;
        }

        var run = start.Run!;
        var ended = await launcher.WaitAsync(install.InstalledAppId, run.RunId, RepairAnswers.Wait);
        run = runs.Get(run.RunId) ?? run;
        Logger.LogInformation("Retry of {Count} posting(s) for {InstalledAppId}: repair run {RunId}, {Status}",
            repair.AllRefused ? run.Repair?.Retried : repair.References.Count, install.InstalledAppId, run.RunId, ended ? run.Status.ToString() : "still running");
        RepairAnswers.Changed(HttpContext, stillRunning: !ended);
        var (notice, kind) = Outcome(run, ended);
        await AnswerAsync(install, page, notice, kind, StatusCodes.Status200OK);
    }

    (string Text, string Kind) Outcome(SyncRunRecord run, bool ended)
    {
        var retried = run.Repair?.Retried ?? 0;
        if (!ended)
            return ($"Retrying {Plural(retried, "posting")} in repair run {run.RunId}; it is still going (see the sync bar and Runs).", "info");
        if (run.Status != SyncRunStatus.Succeeded && run.Counts.Failed == 0)
            return ($"The repair run {run.RunId} stopped: {run.Errors.LastOrDefault() ?? "see Runs"}", "error");
        if (run.Counts.Failed > 0)
            return ($"Blnk refused {Plural(run.Counts.Failed, "posting")} again (repair run {run.RunId}); the reason is below. {Plural(run.Counts.Posted + run.Counts.AlreadyPresent, "posting")} reached the ledger.", "warning");
        return ($"Posted: {Plural(run.Counts.Posted + run.Counts.AlreadyPresent, "posting")} reached the ledger (repair run {run.RunId}).", "ok");
    }

    static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{Numbers.N(count)} {noun}s";

    bool _noticeOnly;

    async Task AnswerAsync(InstallRecord install, int page, string notice, string kind, int status)
    {
        if (_noticeOnly)
        {
            await Send.ResultAsync(new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<RepairNotice>(new { Text = notice, Kind = kind }) { StatusCode = status });
            return;
        }
        var view = views.For(install, page) with { Notice = notice, NoticeKind = kind };
        await Send.ResultAsync(RepairAnswers.View(HttpContext, view, status));
    }
}
