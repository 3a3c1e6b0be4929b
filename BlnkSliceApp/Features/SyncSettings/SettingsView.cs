using BlnkSliceApp.Features.SyncSettings.Save;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Features.SyncSettings;

/// <summary>What the settings panel shows: the values (saved or as typed), errors by field, and why parts are locked.</summary>
public sealed record SettingsView(
    Request Values,
    IReadOnlyDictionary<string, string> Errors,
    bool CanEdit,
    bool BackfillLocked,
    bool HasPosted,
    int DefaultBackfillDays,
    int DefaultScheduleMinutes,
    string Today,
    string? Saved = null,
    string? Warning = null,
    string? Refusal = null)
{
    public string? ErrorFor(string fieldName) => Errors.GetValueOrDefault(fieldName);
}

public sealed class SettingsViews(PreferencesStore store, AppSettings settings, TimeProvider time)
{
    public SettingsView For(InstallRecord install) => For(install, Request.From(store.Get(install.InstalledAppId)), new Dictionary<string, string>());

    public SettingsView For(InstallRecord install, Request values, IReadOnlyDictionary<string, string> errors,
        string? saved = null, string? warning = null, string? refusal = null) =>
        new(values, errors,
            CanEdit: install.Has(Scopes.DataWrite),
            BackfillLocked: store.BackfillLocked(install.InstalledAppId),
            HasPosted: store.HasPosted(install.InstalledAppId),
            DefaultBackfillDays: settings.SyncBackfillDays,
            DefaultScheduleMinutes: settings.SyncIntervalMinutes,
            Today: DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString(Request.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
            Saved: saved, Warning: warning, Refusal: refusal);
}
