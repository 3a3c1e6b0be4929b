using AngleSharp.Dom;
using BlnkSliceApp.Features.Repair;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Repair;
using BlnkSliceApp.Shared.Sync.Store;
using BlnkSliceApp.Tests.Features.SyncNow;

namespace BlnkSliceApp.Tests.Features.Repair;

/// <summary>The Repair view over seeded records, its permission variants and its refusals of bad input (no Cloud or Stripe needed).</summary>
public sealed class RepairViewTests(AppFactory app) : AppTests(app)
{
    static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    async Task<(InstallEvent Install, string Session)> OpenAsync(params string[] scopes)
    {
        var install = await Client.CreateInstallAsync(scopes);
        return (install, await Client.OpenPortalSessionAsync(install));
    }

    async Task<(HttpStatusCode Status, IDocument Html, HttpResponseMessage Response)> GetAsync(string path, string session) =>
        await Client.GetHtmlAsync(PortalPages.HtmxGet(path, session));

    async Task<(HttpStatusCode Status, IDocument Html, string Text)> PostAsync(string path, string session, params (string, string)[] form)
    {
        var response = await Client.SendAsync(PortalRequests.HtmxPost(path, session, form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, Html.Parse(text), text);
    }

    AppDatabase Database => App.Service<AppDatabase>();

    SyncItemRecord Refused(InstallEvent install, string txn, string currency, long amount, string reason, int minutes = 0)
    {
        var item = SyncedItems.Item(install.InstalledAppId, "charge", currency, amount, LedgerRole.Stripe, LedgerRole.Unattributed, Start.AddMinutes(minutes),
            SyncItemState.Rejected, balanceTransactionId: txn);
        item.RejectionReason = reason;
        item.KeepStripeIds("ch_" + txn[4..], "ch_" + txn[4..], null);
        return item;
    }

    SyncItemRecord Unmapped(InstallEvent install, string txn, string category, string currency, long amount, SyncItemState state = SyncItemState.Posted, int minutes = 0) =>
        SyncedItems.Item(install.InstalledAppId, category, currency, Math.Abs(amount), amount > 0 ? LedgerRole.Stripe : LedgerRole.Other,
            amount > 0 ? LedgerRole.Other : LedgerRole.Stripe, Start.AddMinutes(minutes), state, balanceTransactionId: txn, unmapped: true);

    SyncItemRecord Stored(string installedAppId, string reference) =>
        Database.Collection<SyncItemRecord>(SyncItemRecord.Collection).FindById(SyncItemRecord.IdFor(installedAppId, reference));

    [Fact]
    public async Task With_nothing_to_repair_both_lists_say_so_and_the_navigation_has_the_view()
    {
        var (_, session) = await OpenAsync();

        var (status, html, _) = await GetAsync(RepairRoutes.Panel, session);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("repair", html.QuerySelector("#view")!.GetAttribute("data-view"));
        Assert.StartsWith("Nothing is refused", html.TextOf("repair-refused-none"));
        Assert.StartsWith("Every Stripe category", html.TextOf("repair-unmapped-none"));
        var (_, page, _) = await Client.GetHtmlAsync(new HttpRequestMessage(HttpMethod.Get, RepairRoutes.Panel) { Headers = { { "X-Portal-Session", session } } });
        Assert.NotNull(page.QuerySelector($"nav a[href=\"{RepairRoutes.Panel}\"]"));
    }

    [Fact]
    public async Task Refused_postings_show_their_stripe_id_amount_in_its_currency_blnks_reason_in_words_and_a_retry()
    {
        var (install, session) = await OpenAsync();
        Database.Store(
            Refused(install, "txn_rv_jpy", "JPY", 1_500, "transaction at index 2 failed: insufficient funds", 1),
            Refused(install, "txn_rv_kwd", "KWD", 12_345, "precision 1000 does not match balance bln_1 precision 100", 2));

        var (_, html, _) = await GetAsync(RepairRoutes.Panel, session);

        var rows = html.AllByTestId("repair-refused-row").ToList();
        Assert.Equal(["stripe:txn_rv_kwd", "stripe:txn_rv_jpy"], rows.Select(r => r.GetAttribute("data-reference")));
        string Cell(int row, string testId) => Html.Clean(rows[row].ByTestId(testId)!.TextContent);
        Assert.Equal(("12.345 KWD", "Precision 1000 does not match balance bln_1 precision 100."), (Cell(0, "repair-amount"), Cell(0, "repair-reason")));
        Assert.Equal(("1,500 JPY", "Insufficient funds."), (Cell(1, "repair-amount"), Cell(1, "repair-reason")));
        Assert.Equal("https://dashboard.stripe.com/test/payments/ch_rv_jpy", rows[1].ByTestId("repair-stripe-link")!.GetAttribute("href"));
        Assert.All(rows, row => Assert.False(row.ByTestId("repair-retry")!.HasAttribute("disabled")));
        Assert.NotNull(html.ByTestId("repair-retry-all"));
        Assert.Null(html.ByTestId("repair-missing-permission"));
    }

    [Fact]
    public async Task Refused_postings_come_25_a_page()
    {
        var (install, session) = await OpenAsync();
        Database.Store(Enumerable.Range(0, 30).Select(i => Refused(install, $"txn_pg_{i:D3}", "USD", 100 + i, "no", i)).ToArray());

        var (_, first, _) = await GetAsync(RepairRoutes.Panel, session);
        var (_, second, _) = await GetAsync(RepairRoutes.PageOf(2), session);

        Assert.Equal(25, first.AllByTestId("repair-refused-row").Length);
        Assert.Equal("stripe:txn_pg_029", first.AllByTestId("repair-refused-row")[0].GetAttribute("data-reference"));
        Assert.Equal(5, second.AllByTestId("repair-refused-row").Length);
        Assert.Equal("stripe:txn_pg_000", second.AllByTestId("repair-refused-row")[^1].GetAttribute("data-reference"));
        Assert.Contains("Page 2 of 2", second.TextOf("repair-pager"));
        Assert.Contains("30", first.TextOf("repair-retry-all"));
    }

    [Fact]
    public async Task Unmapped_categories_show_how_many_transactions_and_their_net_per_currency_with_a_rule_editor()
    {
        var (install, session) = await OpenAsync();
        Database.Store(
            Unmapped(install, "txn_um_1", "new_product", "USD", 2_500, minutes: 1),
            Unmapped(install, "txn_um_2", "new_product", "USD", -500, minutes: 2),
            Unmapped(install, "txn_um_3", "new_product", "JPY", 300, SyncItemState.Planned, minutes: 3),
            Unmapped(install, "txn_um_4", "other_adjustment", "EUR", 100, minutes: 4));

        var (_, html, _) = await GetAsync(RepairRoutes.Panel, session);

        var categories = html.AllByTestId("repair-category").ToDictionary(c => c.GetAttribute("data-category")!);
        Assert.Equal("3 transactions", Html.Clean(categories["new_product"].ByTestId("repair-category-count")!.TextContent));
        Assert.Equal("300 JPY, 20.00 USD", Html.Clean(categories["new_product"].ByTestId("repair-category-totals")!.TextContent));
        var options = categories["new_product"].ByTestId("repair-balance")!.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(["", .. CategoryRules.Choosable.Select(RepairText.Value)], options);
        Assert.Contains("Fees (@stripe_fees)", categories["new_product"].ByTestId("repair-balance")!.TextContent);
        // A category the table knows but asks a look at each time gets no editor.
        Assert.Null(categories["other_adjustment"].ByTestId("repair-balance"));
        Assert.NotNull(categories["other_adjustment"].ByTestId("repair-category-review"));
    }

    [Fact]
    public async Task Without_data_write_the_actions_are_disabled_naming_the_scope_and_the_server_refuses_them_with_403()
    {
        var (install, session) = await OpenAsync("data:read", "alerts:read");
        Database.Store(Refused(install, "txn_ro_1", "USD", 700, "no", 1), Refused(install, "txn_ro_2", "USD", 800, "no", 2),
            Unmapped(install, "txn_ro_3", "new_product", "USD", 900));

        var (_, html, _) = await GetAsync(RepairRoutes.Panel, session);

        Assert.Equal("data:write", html.ByTestId("repair-missing-permission")!.GetAttribute("data-scope"));
        Assert.All(html.AllByTestId("repair-retry"), button => Assert.True(button.HasAttribute("disabled")));
        Assert.True(html.ByTestId("repair-retry-all")!.HasAttribute("disabled"));
        Assert.True(html.ByTestId("repair-save-rule")!.HasAttribute("disabled"));
        Assert.Contains("needs the data:write permission", html.TextOf("repair-retry-disabled"));

        foreach (var (path, form) in new[]
                 {
                     (RepairRoutes.Retry, new[] { ("reference", "stripe:txn_ro_1") }),
                     (RepairRoutes.Retry, new[] { ("all", "true") }),
                     (RepairRoutes.Rules, new[] { ("category", "new_product"), ("balance", "fees") }),
                 })
        {
            var (status, _, text) = await PostAsync(path, session, form);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            var problem = RepairAnswersRead.Problem(text)!;
            Assert.Equal(403, (int)problem["status"]!);
            Assert.Contains("data:write", (string)problem["detail"]!);
        }
        Assert.Equal(SyncItemState.Rejected, Stored(install.InstalledAppId, "stripe:txn_ro_1").State);
        Assert.True(Stored(install.InstalledAppId, "stripe:txn_ro_3").Unmapped);
        Assert.Null(App.Service<CategoryRules>().Find(install.InstalledAppId, "new_product"));
    }

    [Theory]
    [InlineData("new_product", "", "Choose the balance this category belongs to.")]
    [InlineData("new_product", "stripe", "Choose one of the balances listed.")]
    [InlineData("new_product", "customer", "Choose one of the balances listed.")]
    [InlineData("charge", "fees", "has a rule in the app's own table")]
    [InlineData("never_seen", "fees", "nothing of the category \"never_seen\" waiting for a rule")]
    [InlineData("Bad Category!", "fees", "A category is a Stripe reporting category")]
    public async Task A_rule_for_an_unknown_category_or_balance_is_refused_with_its_message_and_changes_nothing(string category, string balance, string message)
    {
        var (install, session) = await OpenAsync();
        Database.Store(Unmapped(install, "txn_bad_" + Guid.NewGuid().ToString("N")[..8], "new_product", "USD", 900));

        var (status, html, _) = await PostAsync(RepairRoutes.Rules, session, ("category", category), ("balance", balance));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(message, html.TextOf("repair-notice"));
        if (category == "new_product")
        {
            var select = html.AllByTestId("repair-category").Single(c => c.GetAttribute("data-category") == "new_product").ByTestId("repair-balance")!;
            Assert.Equal("true", select.GetAttribute("aria-invalid"));
            Assert.Contains(message, html.TextOf("repair-balance-error"));
        }
        Assert.Empty(App.Service<CategoryRules>().For(install.InstalledAppId));
    }

    [Fact]
    public async Task A_retry_of_another_installs_posting_is_a_404_and_that_posting_is_left_alone()
    {
        var (mine, session) = await OpenAsync();
        var other = await Client.CreateInstallAsync();
        Database.Store(Refused(other, "txn_foreign", "USD", 700, "no"));

        var (status, html, _) = await PostAsync(RepairRoutes.Retry, session, ("reference", "stripe:txn_foreign"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("this install has no posting stripe:txn_foreign", html.TextOf("repair-notice"));
        Assert.Equal(SyncItemState.Rejected, Stored(other.InstalledAppId, "stripe:txn_foreign").State);
        Assert.Empty(Database.Collection<BlnkSliceApp.Shared.Sync.Runs.SyncRunRecord>(BlnkSliceApp.Shared.Sync.Runs.SyncRunRecord.Collection)
            .Find(run => run.InstalledAppId == mine.InstalledAppId || run.InstalledAppId == other.InstalledAppId));
    }

    [Theory]
    [InlineData("", "Choose a refused posting to retry.")]
    [InlineData("txn_123", "That is not a ledger reference of this app")]
    [InlineData("stripe:<script>", "That is not a ledger reference of this app")]
    public async Task A_malformed_retry_is_a_422_with_its_message(string reference, string message)
    {
        var (_, session) = await OpenAsync();

        var (status, html, _) = await PostAsync(RepairRoutes.Retry, session, ("reference", reference));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(message, html.TextOf("repair-notice"));
    }

    [Fact]
    public async Task Without_a_stripe_key_a_retry_is_refused_with_the_reason_and_the_posting_stays_refused()
    {
        var (install, session) = await OpenAsync();
        Database.Store(Refused(install, "txn_nokey", "USD", 700, "no"));

        var (status, html, _) = await PostAsync(RepairRoutes.Retry, session, ("reference", "stripe:txn_nokey"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Connect a Stripe account first", html.TextOf("repair-notice"));
        Assert.Equal(SyncItemState.Rejected, Stored(install.InstalledAppId, "stripe:txn_nokey").State);
    }

    [Fact]
    public async Task The_transactions_rows_retry_carries_its_reference_in_the_address_and_answers_with_a_notice_alone()
    {
        var (install, session) = await OpenAsync();
        Database.Store(Refused(install, "txn_rowbtn", "USD", 700, "no"));

        var (status, html, text) = await PostAsync(RepairRoutes.RetryOf("stripe:txn_rowbtn"), session);

        // No Stripe key here, so no run starts: the refusal names why, in the Transactions view's action area.
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Connect a Stripe account first", html.TextOf("repair-notice"));
        Assert.DoesNotContain("repair-panel", text);
        Assert.Equal(SyncItemState.Rejected, Stored(install.InstalledAppId, "stripe:txn_rowbtn").State);
    }

    [Fact]
    public async Task The_transactions_view_offers_retry_on_a_refused_row_and_names_the_scope_when_it_cannot()
    {
        var (install, session) = await OpenAsync();
        var (readOnly, readOnlySession) = await OpenAsync("data:read");
        Database.Store(Refused(install, "txn_tx_1", "USD", 700, "no"), Refused(readOnly, "txn_tx_2", "USD", 700, "no"));

        var (_, html, _) = await GetAsync(BlnkSliceApp.Features.Transactions.TransactionsRoutes.Panel, session);
        var (_, readOnlyHtml, _) = await GetAsync(BlnkSliceApp.Features.Transactions.TransactionsRoutes.Panel, readOnlySession);

        var retry = html.ByTestId("transaction-retry")!;
        Assert.Equal(RepairRoutes.RetryOf("stripe:txn_tx_1"), retry.GetAttribute("hx-post"));
        Assert.False(retry.HasAttribute("disabled"));
        var disabled = readOnlyHtml.ByTestId("transaction-retry")!;
        Assert.True(disabled.HasAttribute("disabled"));
        Assert.Contains("data:write", disabled.GetAttribute("title"));
    }
}
