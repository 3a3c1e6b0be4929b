using System.Globalization;
using System.Text.RegularExpressions;
using BlnkSliceApp.Shared.Sync;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.SyncSettings.Save;

/// <summary>The settings form, as posted (form-encoded, field names as in the form).</summary>
public sealed partial class Request
{
    [BindFrom("stripe_indicator")] public string? StripeIndicator { get; set; }
    [BindFrom("fees_indicator")] public string? FeesIndicator { get; set; }
    [BindFrom("payouts_indicator")] public string? PayoutsIndicator { get; set; }
    [BindFrom("other_indicator")] public string? OtherIndicator { get; set; }
    [BindFrom("opening_indicator")] public string? OpeningIndicator { get; set; }
    [BindFrom("unattributed_indicator")] public string? UnattributedIndicator { get; set; }
    [BindFrom("connect_indicator")] public string? ConnectIndicator { get; set; }
    [BindFrom("issuing_indicator")] public string? IssuingIndicator { get; set; }
    [BindFrom("topups_indicator")] public string? TopupsIndicator { get; set; }
    [BindFrom("tax_indicator")] public string? TaxIndicator { get; set; }
    [BindFrom("application_fees_indicator")] public string? ApplicationFeesIndicator { get; set; }
    [BindFrom("reserves_indicator")] public string? ReservesIndicator { get; set; }
    [BindFrom("stripe_issuing_indicator")] public string? StripeIssuingIndicator { get; set; }
    [BindFrom("stripe_prefunding_indicator")] public string? StripePrefundingIndicator { get; set; }
    [BindFrom("stripe_risk_reserved_indicator")] public string? StripeRiskReservedIndicator { get; set; }

    /// <summary>The checkbox: "on" when ticked, absent when not.</summary>
    [BindFrom("link_by_email")] public string? LinkByEmail { get; set; }

    public bool LinksByEmail => LinkByEmail is "on" or "true";

    /// <summary>Minutes between scheduled runs: 0 is off, 15 to 1440; empty follows SYNC_INTERVAL_MINUTES.</summary>
    [BindFrom("schedule_minutes")] public string? ScheduleMinutes { get; set; }

    public const string ScheduleField = "schedule_minutes";

    /// <summary>The intervals the form offers (any whole number of minutes from 15 to 1440 is accepted).</summary>
    public static readonly IReadOnlyList<int> ScheduleChoices = [0, 15, 30, 60, 120, 180, 360, 720, 1440];

    public static int? ParseSchedule(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ? minutes : null;

    /// <summary>yyyy-MM-dd (UTC day); empty for the default. Absent when the form showed it locked.</summary>
    [BindFrom("backfill_from")] public string? BackfillFrom { get; set; }

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Errors are keyed by form field name, so the form finds each next to its input.</summary>
    public const string BackfillField = "backfill_from";
    public static readonly DateOnly EarliestBackfill = new(2011, 1, 1);

    public static Request From(SyncPreferences preferences)
    {
        var request = new Request
        {
            BackfillFrom = DateText(preferences.BackfillFrom),
            LinkByEmail = preferences.LinkByEmail ? "on" : null,
            ScheduleMinutes = preferences.ScheduleMinutes?.ToString(CultureInfo.InvariantCulture),
        };
        request.FillAbsent(preferences);
        return request;
    }

    public static string? DateText(long? unixSeconds) => unixSeconds is { } seconds
        ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime).ToString(DateFormat, CultureInfo.InvariantCulture)
        : null;

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>An indicator as Blnk accepts it: "@" then letters, digits, "_" or "-", 2 to 64 characters in all.</summary>
    [GeneratedRegex("^@[A-Za-z0-9_-]{1,63}$")]
    public static partial Regex IndicatorPattern();

    /// <summary>Each balance needs its own indicator; checked once absent fields carry their saved names.</summary>
    public IEnumerable<(string Field, string Message)> DuplicateIndicators()
    {
        var seen = new Dictionary<string, IndicatorField>(StringComparer.Ordinal);
        foreach (var field in IndicatorFields.All)
        {
            var value = field.Submitted(this)?.Trim();
            if (string.IsNullOrEmpty(value))
                continue;
            if (seen.TryGetValue(value, out var first))
                yield return (field.Name, $"Already used for {first.Label}: each balance needs its own indicator.");
            else
                seen[value] = field;
        }
    }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            foreach (var field in IndicatorFields.All)
            {
                RuleFor(request => field.Submitted(request))
                    .Cascade(CascadeMode.Stop)
                    .Must(value => !string.IsNullOrWhiteSpace(value))
                    .WithMessage("Enter an indicator, for example @stripe_fees.")
                    .Must(value => IndicatorPattern().IsMatch(value!.Trim()))
                    .WithMessage("Start with @ and use 1 to 63 letters, digits, _ or - (no spaces).")
                    .OverridePropertyName(field.Name)
                    .When(request => field.Group == IndicatorGroup.Main || field.Submitted(request) is not null);
            }

            RuleFor(request => request.ScheduleMinutes)
                .Must(text => string.IsNullOrWhiteSpace(text) || ParseSchedule(text) is 0 or (>= 15 and <= 1440))
                .WithMessage("Choose Off, or an interval from 15 minutes to 24 hours.")
                .OverridePropertyName(ScheduleField);

            RuleFor(request => request.BackfillFrom)
                .Cascade(CascadeMode.Stop)
                .Must(text => string.IsNullOrWhiteSpace(text) || ParseDate(text) is not null)
                .WithMessage("Enter a date as year-month-day, for example 2025-01-31.")
                .Must(text => ParseDate(text) is not { } date || date >= EarliestBackfill)
                .WithMessage("Stripe's history used here starts in 2011; choose 2011-01-01 or later.")
                .Must(text => ParseDate(text) is not { } date || date <= DateOnly.FromDateTime(Resolve<TimeProvider>().GetUtcNow().UtcDateTime))
                .WithMessage("Choose a day in the past: the sync reads what has already happened.")
                .OverridePropertyName(BackfillField);
        }
    }
}
