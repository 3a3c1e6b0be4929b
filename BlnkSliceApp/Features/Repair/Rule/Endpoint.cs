using BlnkSliceApp.Features.SyncSettings;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync.Repair;
using BlnkSliceApp.Shared.Sync.Runs;
using FastEndpoints;

namespace BlnkSliceApp.Features.Repair.Rule;

/// <summary>
/// Maps a category the table does not know to a balance (data:write, and data:read as every
/// run). A repair run saves the rule and, in the same database transaction, records one
/// re-classification per item already posted to "other" (reference <c>stripe:&lt;txn&gt;:reclass</c>)
/// and points the items not posted yet at the balance; then it posts them. Saving the same rule
/// again moves only what is left. A saved rule is never changed: the ledger holds its moves.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, RepairViews views, CategoryRules rules, PreferencesStore preferencesStore, SyncLauncher launcher, SyncRuns runs) : Endpoint<Request>
{
    public override void Configure()
    {
        Post(RepairRoutes.Rules);
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
            await Send.ResultAsync(RepairAnswers.Forbidden(HttpContext, RepairPermission.Refusal(scope, "saved")));
            return;
        }

        var category = request.CategoryValue;
        var preferences = preferencesStore.Get(install.InstalledAppId);
        if (!ValidationFailed)
        {
            var saved = rules.Find(install.InstalledAppId, category);
            if (!CategoryRules.MayHaveRule(category))
                ValidationFailures.Add(new("Category", $"\"{category}\" has a rule in the app's own table; only categories without one can be mapped here."));
            else if (saved is null && !views.HasUnmapped(install.InstalledAppId, category))
                ValidationFailures.Add(new("Category", $"This install has nothing of the category \"{category}\" waiting for a rule."));
            else if (saved is not null && RepairText.Parse(request.Balance) is { } chosen && chosen != saved.Balance)
                ValidationFailures.Add(new("Balance", $"\"{category}\" goes to {preferences.Indicator(saved.Balance)} already. A saved rule is not changed, because the ledger holds the moves it made; to move money again, post a correction in Blnk."));
        }
        if (ValidationFailed)
        {
            var errors = ValidationFailures
                .GroupBy(failure => failure.PropertyName.ToLowerInvariant(), StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.First().ErrorMessage, StringComparer.Ordinal);
            Logger.LogInformation("Rule for {Category} of {InstalledAppId} not saved: {Fields}", category, install.InstalledAppId, string.Join(", ", errors.Keys));
            var refused = views.For(install, request.PageNumber) with
            {
                Form = new RuleForm(category, request.Balance, errors),
                Notice = $"Nothing was saved: {string.Join(" ", errors.Values)}",
                NoticeKind = "error",
            };
            await Send.ResultAsync(RepairAnswers.View(HttpContext, refused, StatusCodes.Status422UnprocessableEntity));
            return;
        }

        var balance = RepairText.Parse(request.Balance)!.Value;
        var start = launcher.StartRepair(install.InstalledAppId, RepairRecord.Map(category, balance));
        if (!start.Started || start.AlreadyRunning)
        {
            var (status, text) = RepairAnswers.Refused(start);
            await Send.ResultAsync(RepairAnswers.View(HttpContext, views.For(install, request.PageNumber) with { Notice = text, NoticeKind = "warning" }, status));
            return;
        }

        var run = start.Run!;
        var ended = await launcher.WaitAsync(install.InstalledAppId, run.RunId, RepairAnswers.Wait);
        run = runs.Get(run.RunId) ?? run;
        Logger.LogInformation("Rule {Category} -> {Balance} for {InstalledAppId}: repair run {RunId}, {Status}",
            category, balance, install.InstalledAppId, run.RunId, ended ? run.Status.ToString() : "still running");
        RepairAnswers.Changed(HttpContext, stillRunning: !ended);
        var (notice, kind) = Outcome(run, ended, category, preferences.Indicator(balance), preferences.OtherIndicator);
        await Send.ResultAsync(RepairAnswers.View(HttpContext, views.For(install, request.PageNumber) with { Notice = notice, NoticeKind = kind }));
    }

    static (string Text, string Kind) Outcome(SyncRunRecord run, bool ended, string category, string indicator, string other)
    {
        if (!ended)
            return ($"Saving the rule for \"{category}\" in repair run {run.RunId}; it is still going (see the sync bar and Runs).", "info");
        if (run.Status != SyncRunStatus.Succeeded && run.Counts.Failed == 0)
            return ($"The repair run {run.RunId} stopped and nothing was saved: {run.Errors.LastOrDefault() ?? "see Runs"}", "error");
        var repair = run.Repair ?? new RepairRecord();
        var text = $"Saved: \"{category}\" now goes to {indicator}. {Count(repair.Reclassified)} moved from {other}, {Count(repair.Remapped)} not posted yet sent there directly (repair run {run.RunId}).";
        if (repair.Skipped > 0)
            text += $" {Count(repair.Skipped)} were in flight and are left for the next run; save the rule again afterwards to move them.";
        if (run.Counts.Failed > 0)
            return (text + $" Blnk refused {Count(run.Counts.Failed)}: see Refused by Blnk.", "warning");
        return (text, "ok");
    }

    static string Count(int count) => count == 1 ? "1 posting" : $"{Numbers.N(count)} postings";
}
