using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Runs;
using static BlnkSliceApp.Tests.Features.SyncNow.PortalRequests;

namespace BlnkSliceApp.Tests.Features.SyncSettings;

public sealed class SyncSettingsTests(AppFactory app) : AppTests(app)
{
    static readonly string[] FieldNames = ["stripe_indicator", "fees_indicator", "payouts_indicator", "other_indicator", "opening_indicator", "unattributed_indicator"];

    async Task<(InstallEvent Install, string Session)> OpenAsync(params string[] scopes)
    {
        var install = await Client.CreateInstallAsync(scopes.Length == 0 ? ["data:read", "data:write"] : scopes);
        return (install, await Client.OpenPortalSessionAsync(install));
    }

    static List<KeyValuePair<string, string>> Form(string? backfillFrom = null, params (string Name, string Value)[] changes)
    {
        var values = new Dictionary<string, string>
        {
            ["stripe_indicator"] = "@acme_stripe",
            ["fees_indicator"] = "@acme_fees",
            ["payouts_indicator"] = "@acme_payouts",
            ["other_indicator"] = "@acme_other",
            ["opening_indicator"] = "@acme_opening",
            ["unattributed_indicator"] = "@acme-unattributed",
        };
        foreach (var (name, value) in changes)
            values[name] = value;
        var form = values.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value)).ToList();
        if (backfillFrom is not null)
            form.Add(new("backfill_from", backfillFrom));
        return form;
    }

    SyncPreferences? Stored(InstallEvent install) =>
        App.Service<AppDatabase>().Collection<SyncPreferences>(SyncPreferences.Collection).FindById(install.InstalledAppId);

    SyncRuns Runs => App.Service<SyncRuns>();

    string DaysAgo(int days) => DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime.AddDays(-days)).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_new_install_sees_the_default_indicators_and_an_open_start_date()
    {
        var (_, session) = await OpenAsync();

        var (status, html) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/settings", session));

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var (name, value) in FieldNames.Zip(["@stripe", "@stripe_fees", "@stripe_payouts", "@stripe_other", "@stripe_opening", "@stripe_unattributed"]))
            Assert.Contains($"name=\"{name}\" value=\"{value}\"", html);
        Assert.Contains("name=\"backfill_from\"", html);
        Assert.DoesNotContain("data-testid=\"backfill-locked\"", html);
        Assert.Contains("data-testid=\"settings-save\"", html);
    }

    [Fact]
    public async Task An_oversized_form_is_refused_before_it_is_read_and_saves_nothing()
    {
        var (install, session) = await OpenAsync();

        var (status, _) = await Client.FetchAsync(HtmxPost("/portal/settings", session,
            Form(changes: ("stripe_indicator", "@" + new string('a', 20_000)))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Null(Stored(install));
    }

    [Fact]
    public async Task Valid_settings_are_saved_and_shown_again()
    {
        var (install, session) = await OpenAsync();

        var (status, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: "2024-02-29", ("fees_indicator", "  @acme_fees  "))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Saved", TestIdText(html, "settings-saved"));
        var stored = Stored(install)!;
        Assert.Equal("@acme_stripe", stored.StripeIndicator);
        Assert.Equal("@acme_fees", stored.FeesIndicator);
        Assert.Equal("@acme-unattributed", stored.UnattributedIndicator);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), stored.BackfillFrom);
        var (_, shown) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/settings", session));
        Assert.Contains("name=\"fees_indicator\" value=\"@acme_fees\"", shown);
        Assert.Contains("value=\"2024-02-29\"", shown);
    }

    [Fact]
    public async Task The_schedule_interval_is_saved_per_install_and_the_views_hear_of_it()
    {
        var (install, session) = await OpenAsync();

        var response = await Client.SendAsync(HtmxPost("/portal/settings", session, Form(changes: ("schedule_minutes", "360"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("settings-saved", response.Headers.GetValues("HX-Trigger").Single());
        Assert.Equal(360, Stored(install)!.ScheduleMinutes);
        var (_, shown, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/settings", session));
        Assert.Equal("360", shown.QuerySelector("#schedule_minutes option[selected]")!.GetAttribute("value"));
        Assert.Equal(["", "0", "15", "30", "60", "120", "180", "360", "720", "1440"],
            shown.QuerySelectorAll("#schedule_minutes option").Select(option => option.GetAttribute("value")));
        (await Client.SendAsync(HtmxPost("/portal/settings", session, Form(changes: ("schedule_minutes", "0"))))).EnsureSuccessStatusCode();
        Assert.Equal(0, Stored(install)!.ScheduleMinutes);
        (await Client.SendAsync(HtmxPost("/portal/settings", session, Form()))).EnsureSuccessStatusCode();
        Assert.Null(Stored(install)!.ScheduleMinutes);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("1441")]
    [InlineData("-15")]
    [InlineData("hourly")]
    public async Task An_interval_outside_off_or_15_minutes_to_24_hours_is_refused_with_422_and_focus_goes_to_it(string value)
    {
        var (install, session) = await OpenAsync();

        var (status, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("schedule_minutes", value))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Choose Off, or an interval from 15 minutes to 24 hours.", TestIdText(html, "error-schedule_minutes"));
        Assert.Equal("true", Html.Parse(html).QuerySelector("#schedule_minutes")!.GetAttribute("aria-invalid"));
        Assert.Null(Stored(install));
    }

    [Fact]
    public async Task An_empty_start_date_saves_as_the_default()
    {
        var (install, session) = await OpenAsync();
        await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: "2024-01-01")));

        var (status, _) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: "")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(Stored(install)!.BackfillFrom);
    }

    [Theory]
    [InlineData("stripe_fees", "Start with @")]
    [InlineData("@", "Start with @")]
    [InlineData("@has space", "Start with @")]
    [InlineData("@ümlaut", "Start with @")]
    [InlineData("@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Start with @")]
    [InlineData("", "Enter an indicator")]
    public async Task A_bad_indicator_is_explained_next_to_its_field_with_422_and_nothing_is_saved(string value, string message)
    {
        var (install, session) = await OpenAsync();

        var (status, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("fees_indicator", value))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(message, TestIdText(html, "error-fees_indicator"));
        Assert.Null(TestIdText(html, "error-stripe_indicator"));
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains("Nothing was saved", TestIdText(html, "settings-errors"));
        Assert.Contains("name=\"stripe_indicator\" value=\"@acme_stripe\"", html);
        Assert.Null(Stored(install));
    }

    [Fact]
    public async Task A_64_character_indicator_is_accepted()
    {
        var (install, session) = await OpenAsync();
        var longest = "@" + new string('a', 63);

        var (status, _) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("other_indicator", longest))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(longest, Stored(install)!.OtherIndicator);
    }

    [Fact]
    public async Task Two_balances_with_one_indicator_are_refused()
    {
        var (install, session) = await OpenAsync();

        var (status, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("payouts_indicator", "@acme_fees"))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Already used for Stripe fees", TestIdText(html, "error-payouts_indicator"));
        Assert.Null(TestIdText(html, "error-fees_indicator"));
        Assert.Null(Stored(install));
    }

    [Fact]
    public async Task The_Connect_Issuing_and_other_balance_indicators_are_shown_saved_and_checked_like_the_rest()
    {
        var (install, session) = await OpenAsync();
        var (_, page) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/settings", session));
        foreach (var (name, value) in new[] { ("connect_indicator", "@stripe_connect"), ("issuing_indicator", "@stripe_issuing"), ("tax_indicator", "@stripe_tax"),
                     ("application_fees_indicator", "@stripe_application_fees"), ("stripe_issuing_indicator", "@stripe_issuing_balance"),
                     ("stripe_prefunding_indicator", "@stripe_prefunding_balance") })
            Assert.Contains($"name=\"{name}\" value=\"{value}\"", page);

        var (saved, _) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: [("connect_indicator", "@acme_connect"), ("stripe_issuing_indicator", "@acme_issuing_mirror")])));
        var (bad, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("tax_indicator", "tax"))));

        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.Equal(("@acme_connect", "@acme_issuing_mirror"), (Stored(install)!.ConnectIndicator, Stored(install)!.StripeIssuingIndicator));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Contains("Start with @", TestIdText(html, "error-tax_indicator"));
    }

    [Fact]
    public async Task A_form_from_before_the_newer_indicators_keeps_their_saved_names_and_still_refuses_a_clash_with_them()
    {
        var (install, session) = await OpenAsync();
        await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("topups_indicator", "@acme_topups"))));

        // Form() posts the six indicators older portals knew, and none of the newer ones.
        var (status, _) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("fees_indicator", "@acme_fees_2"))));
        var (clash, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("other_indicator", "@acme_topups"))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("@acme_fees_2", "@acme_topups", "@stripe_connect"), (Stored(install)!.FeesIndicator, Stored(install)!.TopupsIndicator, Stored(install)!.ConnectIndicator));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, clash);
        Assert.Contains("Already used for Other activity", TestIdText(html, "error-topups_indicator"));
    }

    [Theory]
    [InlineData("2010-12-31", "2011")]
    [InlineData("31/01/2025", "year-month-day")]
    [InlineData("2025-02-30", "year-month-day")]
    [InlineData("tomorrow", "year-month-day")]
    public async Task A_bad_start_date_is_explained_with_422_and_nothing_is_saved(string date, string message)
    {
        var (install, session) = await OpenAsync();

        var (status, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: date)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(message, TestIdText(html, "error-backfill_from"));
        Assert.Null(Stored(install));
    }

    [Fact]
    public async Task A_start_date_in_the_future_is_refused_and_today_is_accepted()
    {
        var (install, session) = await OpenAsync();

        var (future, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: DaysAgo(-1))));
        var (today, _) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: DaysAgo(0))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, future);
        Assert.Contains("in the past", TestIdText(html, "error-backfill_from"));
        Assert.Equal(HttpStatusCode.OK, today);
        Assert.NotNull(Stored(install)!.BackfillFrom);
    }

    [Fact]
    public async Task After_a_run_has_finished_the_start_date_is_locked_but_the_indicators_still_change()
    {
        var (install, session) = await OpenAsync();
        var chosen = DaysAgo(30);
        await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: chosen)));
        var failed = Runs.Create(install.InstalledAppId, SyncTrigger.Manual);
        Runs.Finish(failed, SyncRunStatus.Failed);
        var (stillOpen, _) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: chosen)));
        Runs.Finish(Runs.Create(install.InstalledAppId, SyncTrigger.Manual), SyncRunStatus.Succeeded);

        var (_, form) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/settings", session));
        var (moved, movedHtml) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(backfillFrom: DaysAgo(60))));
        var (kept, _) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("other_indicator", "@acme_misc"))));

        Assert.Equal(HttpStatusCode.OK, stillOpen);
        Assert.Contains("Fixed", TestIdText(form, "backfill-locked"));
        Assert.DoesNotContain("name=\"backfill_from\"", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved);
        Assert.Contains("fixed once a sync has finished", TestIdText(movedHtml, "error-backfill_from"));
        Assert.Equal(HttpStatusCode.OK, kept);
        var stored = Stored(install)!;
        Assert.Equal("@acme_misc", stored.OtherIndicator);
        Assert.Equal(chosen, DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(stored.BackfillFrom!.Value).UtcDateTime).ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task Changing_indicators_after_a_run_posted_warns_that_ledger_balances_are_not_moved()
    {
        var (install, session) = await OpenAsync();
        var (_, quiet) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form()));
        var run = Runs.Create(install.InstalledAppId, SyncTrigger.Manual);
        run.Counts.Posted = 3;
        Runs.Finish(run, SyncRunStatus.Succeeded);

        var (_, same) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form()));
        var (status, changed) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("fees_indicator", "@acme_fees_2"))));

        Assert.Null(TestIdText(quiet, "settings-warning"));
        Assert.Null(TestIdText(same, "settings-warning"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("existing ledger balances are not moved", TestIdText(changed, "settings-warning"));
        Assert.Contains("does not move", TestIdText(changed, "indicator-change-hint"));
        Assert.Equal("@acme_fees_2", Stored(install)!.FeesIndicator);
    }

    [Fact]
    public async Task An_install_without_data_write_sees_the_settings_read_only_and_cannot_save_them()
    {
        var (install, session) = await OpenAsync("data:read", "alerts:read");

        var (_, form) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/settings", session));
        var (status, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form()));

        Assert.Contains("data:write", TestIdText(form, "settings-readonly"));
        Assert.DoesNotContain("data-testid=\"settings-save\"", form);
        Assert.Contains("<fieldset disabled", form);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Nothing was saved", TestIdText(html, "settings-refusal"));
        Assert.Null(Stored(install));
    }

    [Fact]
    public async Task What_was_typed_comes_back_encoded()
    {
        var (_, session) = await OpenAsync();

        var (status, html) = await Client.FetchAsync(HtmxPost("/portal/settings", session, Form(changes: ("stripe_indicator", "\"><script>alert(1)</script>"))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;", html);
    }
}
