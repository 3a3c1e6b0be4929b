using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync;
using FastEndpoints;
using Htmx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.SyncSettings.Save;

/// <summary>
/// Saves the settings form. Every error is shown next to its field with 422, and then nothing
/// is saved; the form keeps what was typed.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, PreferencesStore store, SettingsViews views) : Endpoint<Request>
{
    public const string SavedText = "Saved. The next sync uses these settings.";
    public const string MovedBalancesWarning =
        "Saved. Indicators changed after transactions were posted: existing ledger balances are not moved. " +
        "Later postings go to the new balances; the old ones keep what they hold.";

    public override void Configure()
    {
        Post(SettingsRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
        // Errors are shown in the form, next to their fields, not as ProblemDetails.
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;

        if (!install.Has(Shared.Installs.Scopes.DataWrite))
        {
            var readOnly = views.For(install, Request.From(store.Get(install.InstalledAppId)), new Dictionary<string, string>(),
                refusal: "Nothing was saved: changing settings needs the data:write permission. An admin can reinstall the app in Blnk Cloud and grant it.");
            await Send.ResultAsync(new RazorComponentResult<SettingsPanel>(new { View = readOnly }) { StatusCode = StatusCodes.Status403Forbidden });
            return;
        }

        var current = store.Get(install.InstalledAppId);
        request.FillAbsent(current);
        foreach (var (field, message) in request.DuplicateIndicators())
            ValidationFailures.Add(new(field, message));
        var locked = store.BackfillLocked(install.InstalledAppId);
        if (locked)
        {
            // A locked date is shown disabled and not posted; a posted one must be the saved one.
            if (request.BackfillFrom is not null && Request.ParseDate(request.BackfillFrom) != Request.ParseDate(Request.DateText(current.BackfillFrom)))
                ValidationFailures.Add(new(Request.BackfillField, "The start date is fixed once a sync has finished: the ledger already holds activity from it."));
            request.BackfillFrom = Request.DateText(current.BackfillFrom);
        }

        if (ValidationFailed)
        {
            var errors = ValidationFailures
                .GroupBy(failure => failure.PropertyName, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.First().ErrorMessage, StringComparer.Ordinal);
            Logger.LogInformation("Settings of {InstalledAppId} not saved: {Fields}", install.InstalledAppId, string.Join(", ", errors.Keys));
            await Send.ResultAsync(new RazorComponentResult<SettingsPanel>(new { View = views.For(install, request, errors) })
            {
                StatusCode = StatusCodes.Status422UnprocessableEntity,
            });
            return;
        }

        var updated = SyncPreferences.Defaults(install.InstalledAppId);
        var indicatorsChanged = false;
        foreach (var field in IndicatorFields.All)
        {
            var value = field.Submitted(request)!.Trim();
            indicatorsChanged |= !string.Equals(value, field.Get(current), StringComparison.Ordinal);
            field.Set(updated, value);
        }
        updated.BackfillFrom = locked
            ? current.BackfillFrom
            : Request.ParseDate(request.BackfillFrom) is { } day
                ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds()
                : null;
        updated.ScheduleMinutes = string.IsNullOrWhiteSpace(request.ScheduleMinutes) ? null : Request.ParseSchedule(request.ScheduleMinutes);
        updated.LinkByEmail = request.LinksByEmail;
        store.Save(updated);
        HttpContext.Response.Htmx(h => h.WithTrigger(PortalEvents.SettingsSaved));
        Logger.LogInformation("Settings of {InstalledAppId} saved", install.InstalledAppId);

        var warn = indicatorsChanged && store.HasPosted(install.InstalledAppId);
        var view = views.For(install, Request.From(updated), new Dictionary<string, string>(),
            saved: warn ? null : SavedText, warning: warn ? MovedBalancesWarning : null);
        await Send.ResultAsync(new RazorComponentResult<SettingsPanel>(new { View = view }));
    }
}
