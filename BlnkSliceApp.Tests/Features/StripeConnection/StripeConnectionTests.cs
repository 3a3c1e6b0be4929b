using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Tests.Shared.Stripe;
using static BlnkSliceApp.Tests.Features.StripeConnection.StripePanelHtml;

namespace BlnkSliceApp.Tests.Features.StripeConnection;

/// <summary>The portal's Stripe panel against the emulated Stripe; the server has no STRIPE_SECRET_KEY.</summary>
public sealed class StripeConnectionTests : IClassFixture<StripeEmulatorApp>
{
    readonly StripeEmulatorApp _stripe;
    readonly HttpClient _client;

    public StripeConnectionTests(StripeEmulatorApp stripe)
    {
        _stripe = stripe;
        stripe.Heal();
        _client = stripe.App.CreateClient();
    }

    string SecretKey => _stripe.Emulator.SecretKey;
    string RestrictedKey => _stripe.Emulator.RestrictedKey;
    StripeKeys Keys => _stripe.App.Service<StripeKeys>();

    async Task<(InstallEvent Install, string Session)> PortalAsync()
    {
        var install = await _client.CreateInstallAsync();
        return (install, await _client.OpenPortalSessionAsync(install));
    }

    InstallRecord Record(InstallEvent install) => _stripe.App.Service<InstallDirectory>().Find(install.InstalledAppId)!;

    [Fact]
    public async Task Without_a_key_the_panel_offers_a_form_to_connect()
    {
        var (_, session) = await PortalAsync();

        var response = await _client.SendAsync(PortalPages.HtmxGet("/portal/stripe", session));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(Has(html, "stripe-panel"));
        Assert.True(Has(html, "stripe-key-input"));
        Assert.True(Has(html, "stripe-connect"));
        Assert.False(Has(html, "stripe-account"));
        Assert.False(Has(html, "stripe-remove"));
        Assert.DoesNotContain("<html", html);
    }

    [Fact]
    public async Task A_good_key_is_checked_saved_and_shown_only_as_account_mode_and_last_four()
    {
        var (install, session) = await PortalAsync();

        var response = await _client.SendAsync(Connect(session, SecretKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(_stripe.Emulator.AccountId, Text(html, "stripe-account"));
        Assert.Equal("test", Text(html, "stripe-mode"));
        Assert.Equal(SecretKey[^4..], Text(html, "stripe-last4"));
        Assert.Contains("this install", Text(html, "stripe-source"));
        Assert.True(Has(html, "stripe-remove"));
        Assert.DoesNotContain(SecretKey, html);
        Assert.DoesNotContain(SecretKey[8..], html);
        Assert.Contains("stripe-changed", response.Headers.GetValues("HX-Trigger").Single());
        Assert.Equal(SecretKey, Keys.For(Record(install))!.SecretKey);
        Assert.Equal(_stripe.Emulator.AccountId, Keys.For(Record(install))!.AccountId);

        var shown = await (await _client.SendAsync(PortalPages.HtmxGet("/portal/stripe", session))).Content.ReadAsStringAsync();
        Assert.Equal(_stripe.Emulator.AccountId, Text(shown, "stripe-account"));
        Assert.DoesNotContain(SecretKey, shown);
    }

    [Fact]
    public async Task A_key_Stripe_refuses_gets_Stripe_s_reason_with_422_and_the_saved_key_stays()
    {
        var (install, session) = await PortalAsync();
        (await _client.SendAsync(Connect(session, SecretKey))).EnsureSuccessStatusCode();
        var wrong = "sk_test_" + new string('W', 40) + "bad1";

        var response = await _client.SendAsync(Connect(session, wrong));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var error = Text(html, "stripe-error");
        Assert.NotNull(error);
        Assert.Contains("Stripe did not accept the key", error);
        Assert.Contains("Invalid API Key", error);
        Assert.DoesNotContain(wrong, html);
        Assert.DoesNotContain(new string('W', 40), html);
        Assert.Equal(SecretKey, Keys.For(Record(install))!.SecretKey);
        Assert.Equal(SecretKey[^4..], Text(html, "stripe-last4"));
    }

    [Fact]
    public async Task A_key_of_the_other_mode_than_the_install_synced_with_is_refused_without_asking_Stripe()
    {
        var (install, session) = await PortalAsync();
        var states = _stripe.App.Service<BlnkSliceApp.Shared.Sync.Store.SyncStates>();
        var state = states.Get(install.InstalledAppId);
        state.StripeAccountId = _stripe.Emulator.AccountId;
        state.StripeLive = true;
        states.Save(state);
        var before = _stripe.Emulator.RequestCount;

        var response = await _client.SendAsync(Connect(session, SecretKey));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("synced Stripe's live mode", Text(await response.Content.ReadAsStringAsync(), "stripe-error"));
        Assert.Equal(before, _stripe.Emulator.RequestCount);
        Assert.Null(Keys.Describe(Record(install)));
    }

    [Fact]
    public async Task A_key_of_another_Stripe_account_than_the_install_mirrors_is_refused()
    {
        var (install, session) = await PortalAsync();
        var states = _stripe.App.Service<BlnkSliceApp.Shared.Sync.Store.SyncStates>();
        var state = states.Get(install.InstalledAppId);
        state.StripeAccountId = "acct_someone_else";
        state.StripeLive = false;
        states.Save(state);

        var response = await _client.SendAsync(Connect(session, SecretKey));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("acct_someone_else", Text(await response.Content.ReadAsStringAsync(), "stripe-error"));
        Assert.Null(Keys.Describe(Record(install)));
    }

    [Theory]
    [InlineData("not a key at all")]
    [InlineData("pk_test_publishableKey0123456789")]
    [InlineData("sk_test_tiny")]
    public async Task A_value_that_is_not_a_secret_key_gets_its_message_in_the_form_with_422_without_asking_Stripe(string value)
    {
        var (install, session) = await PortalAsync();
        var before = _stripe.Emulator.RequestCount;

        var response = await _client.SendAsync(Connect(session, value));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("not a Stripe secret key", Text(html, "stripe-error"));
        var document = Html.Parse(html);
        Assert.NotNull(document.ByTestId("stripe-panel"));
        Assert.NotNull(document.ByTestId("stripe-form"));
        var input = document.ByTestId("stripe-key-input")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("stripe-secret-key-error", input.GetAttribute("aria-describedby"));
        Assert.Null(input.GetAttribute("value"));
        Assert.DoesNotContain(value, html);
        Assert.Equal(before, _stripe.Emulator.RequestCount);
        Assert.Null(Keys.Describe(Record(install)));
    }

    [Fact]
    public async Task An_empty_form_asks_for_a_key()
    {
        var (_, session) = await PortalAsync();

        var response = await _client.SendAsync(HtmxPost("/portal/stripe", session));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Paste a Stripe secret key", Text(await response.Content.ReadAsStringAsync(), "stripe-error"));
    }

    [Fact]
    public async Task When_Stripe_cannot_answer_the_key_is_not_saved_and_the_panel_says_so()
    {
        var (install, session) = await PortalAsync();
        _stripe.Emulator.Faults.Rate503 = 1;

        var response = await _client.SendAsync(Connect(session, SecretKey));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("could not be checked", Text(html, "stripe-error"));
        Assert.DoesNotContain(SecretKey, html);
        Assert.Null(Keys.Describe(Record(install)));
    }

    [Fact]
    public async Task A_key_can_be_replaced_by_another()
    {
        var (install, session) = await PortalAsync();
        (await _client.SendAsync(Connect(session, SecretKey))).EnsureSuccessStatusCode();

        var response = await _client.SendAsync(Connect(session, RestrictedKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(RestrictedKey[^4..], Text(html, "stripe-last4"));
        Assert.Contains("Key replaced", Text(html, "stripe-notice"));
        Assert.Equal(RestrictedKey, Keys.For(Record(install))!.SecretKey);
        Assert.DoesNotContain(RestrictedKey, html);
    }

    [Fact]
    public async Task Removing_a_key_first_asks_for_confirmation_and_keeps_the_key()
    {
        var (install, session) = await PortalAsync();
        (await _client.SendAsync(Connect(session, SecretKey))).EnsureSuccessStatusCode();

        var response = await _client.SendAsync(HtmxPost("/portal/stripe/remove", session));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Remove the key ending in", document.ByTestId("stripe-remove-confirm")!.TextContent);
        Assert.Equal("remove", document.QuerySelector("[data-testid=stripe-remove-confirm] input[name=confirm]")!.GetAttribute("value"));
        Assert.NotNull(Keys.For(Record(install)));
        Assert.False(response.Headers.Contains("HX-Trigger"));
    }

    [Fact]
    public async Task A_key_can_be_removed_once_confirmed_and_the_views_hear_of_it()
    {
        var (install, session) = await PortalAsync();
        (await _client.SendAsync(Connect(session, SecretKey))).EnsureSuccessStatusCode();

        var response = await _client.SendAsync(HtmxPost("/portal/stripe/remove", session, new Dictionary<string, string> { ["confirm"] = "remove" }));
        Assert.Equal("stripe-changed", response.Headers.GetValues("HX-Trigger").Single());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.False(Has(html, "stripe-account"));
        Assert.True(Has(html, "stripe-key-input"));
        Assert.Contains("removed", Text(html, "stripe-notice"));
        Assert.Null(Keys.For(Record(install)));
    }

    [Fact]
    public async Task Without_a_session_nothing_is_shown_or_saved()
    {
        var install = await _client.CreateInstallAsync();

        var shown = await _client.SendAsync(PortalPages.HtmxGet("/portal/stripe", null));
        var posted = await _client.SendAsync(Connect("forged.1.session", SecretKey));
        var removed = await _client.SendAsync(HtmxPost("/portal/stripe/remove", null));

        Assert.Equal(HttpStatusCode.Unauthorized, shown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, removed.StatusCode);
        Assert.Null(Keys.Describe(Record(install)));
    }

    [Fact]
    public async Task A_session_connects_only_its_own_install()
    {
        var (installA, sessionA) = await PortalAsync();
        var (installB, _) = await PortalAsync();

        (await _client.SendAsync(Connect(sessionA, SecretKey))).EnsureSuccessStatusCode();

        Assert.NotNull(Keys.Describe(Record(installA)));
        Assert.Null(Keys.Describe(Record(installB)));
    }

    [Fact]
    public async Task No_log_line_holds_a_key_entered_in_the_portal()
    {
        var (_, session) = await PortalAsync();
        var wrong = "sk_test_" + new string('X', 40) + "logs";

        await _client.SendAsync(Connect(session, SecretKey));
        await _client.SendAsync(Connect(session, wrong));
        await _client.SendAsync(Connect(session, "rk_live_" + new string('Y', 8)));
        await _client.SendAsync(HtmxPost("/portal/stripe/remove", session));

        var lines = _stripe.App.Logs.Lines;
        Assert.Contains(lines, line => line.Contains("/portal/stripe"));
        foreach (var secret in new[] { SecretKey, SecretKey[8..], wrong, new string('X', 40), new string('Y', 8) })
            Assert.DoesNotContain(lines, line => line.Contains(secret));
    }
}

/// <summary>The panel when the server's STRIPE_SECRET_KEY is the key.</summary>
public sealed class ServerStripeKeyPanelTests(StripeEmulatorAppWithServerKey stripe) : IClassFixture<StripeEmulatorAppWithServerKey>
{
    readonly HttpClient _client = stripe.App.CreateClient();

    [Fact]
    public async Task The_server_key_shows_its_account_and_source_and_cannot_be_removed_from_the_portal()
    {
        var install = await _client.CreateInstallAsync();
        var session = await _client.OpenPortalSessionAsync(install);

        var html = await (await _client.SendAsync(PortalPages.HtmxGet("/portal/stripe", session))).Content.ReadAsStringAsync();

        Assert.Equal(stripe.Emulator.AccountId, Text(html, "stripe-account"));
        Assert.Equal("test", Text(html, "stripe-mode"));
        Assert.Equal(stripe.Emulator.SecretKey[^4..], Text(html, "stripe-last4"));
        Assert.Contains("STRIPE_SECRET_KEY", Text(html, "stripe-source"));
        Assert.False(Has(html, "stripe-remove"));
        Assert.True(Has(html, "stripe-key-input"));
        Assert.DoesNotContain(stripe.Emulator.SecretKey, html);
    }

    [Fact]
    public async Task An_install_s_own_key_takes_over_from_the_server_key_and_removing_it_falls_back()
    {
        var install = await _client.CreateInstallAsync();
        var session = await _client.OpenPortalSessionAsync(install);

        var connected = await (await _client.SendAsync(Connect(session, stripe.Emulator.RestrictedKey))).Content.ReadAsStringAsync();
        var removed = await (await _client.SendAsync(HtmxPost("/portal/stripe/remove", session, new Dictionary<string, string> { ["confirm"] = "remove" }))).Content.ReadAsStringAsync();

        Assert.Contains("this install", Text(connected, "stripe-source"));
        Assert.Contains("STRIPE_SECRET_KEY", Text(removed, "stripe-source"));
    }
}
