using AngleSharp.Dom;
using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Features.Transactions;

/// <summary>The Transactions view, rendered by the app over postings the sync recorded.</summary>
public sealed class TransactionsViewTests(AppFactory app) : AppTests(app)
{
    static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    async Task<(InstallEvent Install, string Session)> OpenAsync()
    {
        var install = await Client.CreateInstallAsync();
        return (install, await Client.OpenPortalSessionAsync(install));
    }

    async Task<(HttpStatusCode Status, IDocument Html, string Text)> GetAsync(string path, string session)
    {
        var response = await Client.SendAsync(PortalPages.HtmxGet(path, session));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, Html.Parse(text), text);
    }

    static string[] References(IDocument html) =>
        html.AllByTestId("transaction-row").Select(row => row.GetAttribute("data-reference")!).ToArray();

    void Store(params SyncItemRecord[] items) => App.Service<AppDatabase>().Store(items);

    /// <summary>A balance transaction's amount (and optionally its fee) as the sync records it, with the Stripe ids behind it.</summary>
    static SyncItemRecord[] Transaction(InstallEvent install, string txn, string category, string currency, long amount, DateTimeOffset created,
        string? source = null, string? charge = null, string? intent = null, string? customer = null, long fee = 0,
        SyncItemState state = SyncItemState.Posted, bool unmapped = false)
    {
        var (from, to) = amount > 0 ? (LedgerRole.Stripe, customer is null ? LedgerRole.Unattributed : LedgerRole.Customer)
            : (customer is null ? LedgerRole.Unattributed : LedgerRole.Customer, LedgerRole.Stripe);
        if (unmapped) (from, to) = amount > 0 ? (LedgerRole.Stripe, LedgerRole.Other) : (LedgerRole.Other, LedgerRole.Stripe);
        var items = new List<SyncItemRecord>
        {
            SyncedItems.Item(install.InstalledAppId, category, currency, Math.Abs(amount), from, to, created, state, customerId: customer, balanceTransactionId: txn, unmapped: unmapped),
        };
        if (fee != 0)
            items.Add(SyncedItems.Item(install.InstalledAppId, category, currency, fee, LedgerRole.Fees, LedgerRole.Stripe, created, sequence: 1, customerId: customer, balanceTransactionId: txn));
        foreach (var item in items)
            item.KeepStripeIds(source, charge, intent);
        return [.. items];
    }

    [Fact]
    public async Task Each_row_shows_its_reference_amount_in_its_currency_direction_status_and_a_link_to_stripe()
    {
        var (install, session) = await OpenAsync();
        Store(Transaction(install, "txn_usd", "charge", "USD", 123_456, Start, source: "ch_usd", charge: "ch_usd", intent: "pi_usd", customer: "cus_a", fee: 3_610));
        Store(Transaction(install, "txn_jpy", "refund", "JPY", -1_500, Start.AddMinutes(1), source: "re_jpy", charge: "ch_jpy", customer: "cus_a"));
        Store(Transaction(install, "txn_kwd", "charge", "KWD", 12_345, Start.AddMinutes(2), source: "ch_kwd", state: SyncItemState.Rejected));
        Store(Transaction(install, "txn_odd", "new_kind", "EUR", 700, Start.AddMinutes(3), unmapped: true));
        Store(Transaction(install, "txn_wait", "charge", "EUR", 100, Start.AddMinutes(4), state: SyncItemState.Planned));

        var (status, html, _) = await GetAsync("/portal/transactions", session);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["stripe:txn_wait", "stripe:txn_odd", "stripe:txn_kwd", "stripe:txn_jpy", "stripe:txn_usd:fee", "stripe:txn_usd"], References(html));
        var rows = html.AllByTestId("transaction-row").ToDictionary(r => r.GetAttribute("data-reference")!);
        string Cell(string reference, string testId) => Html.Clean(rows[reference].ByTestId(testId)?.TextContent ?? "");
        Assert.Equal(("1,234.56 USD", "In", "Posted"), (Cell("stripe:txn_usd", "transaction-amount"), Cell("stripe:txn_usd", "transaction-direction"), Cell("stripe:txn_usd", "transaction-status")));
        Assert.Equal(("36.10 USD", "Out"), (Cell("stripe:txn_usd:fee", "transaction-amount"), Cell("stripe:txn_usd:fee", "transaction-direction")));
        Assert.Equal(("1,500 JPY", "Out"), (Cell("stripe:txn_jpy", "transaction-amount"), Cell("stripe:txn_jpy", "transaction-direction")));
        Assert.Equal(("12.345 KWD", "Refused"), (Cell("stripe:txn_kwd", "transaction-amount"), Cell("stripe:txn_kwd", "transaction-status")));
        Assert.Equal("Unmapped", Cell("stripe:txn_odd", "transaction-status"));
        Assert.Contains("@stripe_other", Cell("stripe:txn_odd", "transaction-status-note"));
        Assert.Equal("Waiting", Cell("stripe:txn_wait", "transaction-status"));
        Assert.Equal("https://dashboard.stripe.com/test/payments/ch_usd", rows["stripe:txn_usd"].ByTestId("transaction-stripe-link")!.GetAttribute("href"));
        Assert.Equal("https://dashboard.stripe.com/test/customers/cus_a", rows["stripe:txn_usd"].ByTestId("transaction-customer-link")!.GetAttribute("href"));
        Assert.Equal("https://dashboard.stripe.com/test/search?query=re_jpy", rows["stripe:txn_jpy"].ByTestId("transaction-stripe-link")!.GetAttribute("href"));
        Assert.Equal("From @stripe to customer cus_a", rows["stripe:txn_usd"].ByTestId("transaction-direction")!.GetAttribute("title"));
        Assert.Equal("transactions", html.QuerySelector("#view")!.GetAttribute("data-view"));
    }

    [Fact]
    public async Task Links_go_to_the_live_dashboard_for_an_install_that_syncs_a_live_account()
    {
        var (install, session) = await OpenAsync();
        var states = App.Service<SyncStates>();
        var state = states.Get(install.InstalledAppId);
        state.StripeLive = true;
        states.Save(state);
        Store(Transaction(install, "txn_live", "payout", "USD", -5_000, Start, source: "po_live"));

        var (_, html, _) = await GetAsync("/portal/transactions", session);

        Assert.Equal("https://dashboard.stripe.com/payouts/po_live", html.ByTestId("transaction-stripe-link")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("txn_s2", new[] { "stripe:txn_s2:fee", "stripe:txn_s2" })]
    [InlineData("ch_s1", new[] { "stripe:txn_s3", "stripe:txn_s2:fee", "stripe:txn_s2" })]
    [InlineData("re_s3", new[] { "stripe:txn_s3" })]
    [InlineData("dp_s4", new[] { "stripe:txn_s4" })]
    [InlineData("pi_s1", new[] { "stripe:txn_s3", "stripe:txn_s2:fee", "stripe:txn_s2" })]
    [InlineData("cus_s9", new[] { "stripe:txn_s4", "stripe:txn_s2:fee", "stripe:txn_s2" })]
    [InlineData("po_s5", new[] { "stripe:txn_s6", "stripe:txn_s5", "stripe:txn_s2:fee", "stripe:txn_s2" })]
    [InlineData("stripe:txn_s2:fee", new[] { "stripe:txn_s2:fee" })]
    [InlineData("ch_nothing", new string[0])]
    public async Task A_search_by_any_kind_of_stripe_id_or_blnk_reference_finds_its_postings(string search, string[] expected)
    {
        var (install, session) = await OpenAsync();
        Store(Transaction(install, "txn_s1", "charge", "USD", 999, Start, source: "ch_other", charge: "ch_other", intent: "pi_other", customer: "cus_other"));
        Store(Transaction(install, "txn_s2", "charge", "USD", 10_000, Start.AddMinutes(1), source: "ch_s1", charge: "ch_s1", intent: "pi_s1", customer: "cus_s9", fee: 320));
        Store(Transaction(install, "txn_s3", "refund", "USD", -2_000, Start.AddMinutes(2), source: "re_s3", charge: "ch_s1", intent: "pi_s1"));
        Store(Transaction(install, "txn_s4", "dispute", "USD", -8_000, Start.AddMinutes(3), source: "dp_s4", charge: "ch_s8", customer: "cus_s9"));
        Store(Transaction(install, "txn_s5", "payout", "USD", -7_680, Start.AddMinutes(4), source: "po_s5"));
        Store(Transaction(install, "txn_s6", "payout_reversal", "USD", 7_680, Start.AddMinutes(5), source: "po_s5"));
        // The payout paid out txn_s2, as Stripe listed it for ?payout=po_s5.
        App.Service<PayoutStore>().InsertItems([new PayoutItemRecord
        {
            Id = PayoutItemRecord.IdFor(install.InstalledAppId, "po_s5", Start.AddMinutes(1).ToUnixTimeSeconds(), "txn_s2"),
            InstalledAppId = install.InstalledAppId, PayoutId = "po_s5", BalanceTransactionId = "txn_s2", Created = Start.AddMinutes(1).ToUnixTimeSeconds(),
            References = ["stripe:txn_s2", "stripe:txn_s2:fee"],
        }]);

        var (status, html, _) = await GetAsync($"/portal/transactions?q={Uri.EscapeDataString(search)}", session);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, References(html));
        Assert.Equal(search, html.ByTestId("filter-q")!.GetAttribute("value"));
        if (expected.Length == 0)
            Assert.Equal("No synced transaction matches.", html.TextOf("transactions-none"));
    }

    [Fact]
    public async Task Filters_by_date_range_currency_category_and_customer_narrow_the_rows()
    {
        var (install, session) = await OpenAsync();
        Store(Transaction(install, "txn_f1", "charge", "USD", 1_000, Start, customer: "cus_f1"));
        Store(Transaction(install, "txn_f2", "charge", "EUR", 2_000, Start.AddDays(1), customer: "cus_f2"));
        Store(Transaction(install, "txn_f3", "refund", "USD", -500, Start.AddDays(2), customer: "cus_f1"));
        Store(Transaction(install, "txn_f4", "charge", "USD", 4_000, Start.AddDays(3), customer: "cus_f2"));

        async Task<string[]> Rows(string query) => References((await GetAsync($"/portal/transactions?{query}", session)).Html);

        Assert.Equal(["stripe:txn_f3", "stripe:txn_f2"], await Rows("from=2026-03-03&to=2026-03-04"));
        Assert.Equal(["stripe:txn_f4", "stripe:txn_f3", "stripe:txn_f1"], await Rows("currency=usd"));
        Assert.Equal(["stripe:txn_f4", "stripe:txn_f2", "stripe:txn_f1"], await Rows("category=charge"));
        Assert.Equal(["stripe:txn_f3", "stripe:txn_f1"], await Rows("customer=cus_f1"));
        Assert.Equal(["stripe:txn_f4"], await Rows("customer=cus_f2&currency=USD&from=2026-03-04"));
        Assert.Equal(["stripe:txn_f1"], await Rows("category=charge&currency=USD&to=2026-03-02"));
        Assert.Empty(await Rows("q=cus_f1&customer=cus_f2"));
    }

    [Fact]
    public async Task Postings_come_25_to_a_page_newest_first_in_a_stable_order_and_the_pages_lead_both_ways()
    {
        var (install, session) = await OpenAsync();
        // Ten share one second: the order within it is the balance transaction's id.
        Store(Enumerable.Range(0, 60).SelectMany(i => Transaction(install, $"txn_p{i:00}", "charge", "USD", 100 + i, Start.AddSeconds(i < 10 ? 0 : i))).ToArray());
        Store(Transaction(install, "txn_other_install", "charge", "USD", 1, Start.AddDays(9)).Select(item =>
        {
            item.InstalledAppId = "instapp_someone_else";
            item.Id = SyncItemRecord.IdFor(item.InstalledAppId, item.Reference);
            return item;
        }).ToArray());

        var (_, first, _) = await GetAsync("/portal/transactions", session);
        var older = first.ByTestId("transactions-older")!.GetAttribute("hx-get")!;
        var (_, second, _) = await GetAsync(older, session);
        var (_, third, _) = await GetAsync(second.ByTestId("transactions-older")!.GetAttribute("hx-get")!, session);
        var (_, back, _) = await GetAsync(third.ByTestId("transactions-newer")!.GetAttribute("hx-get")!, session);

        Assert.Equal(Enumerable.Range(35, 25).Reverse().Select(i => $"stripe:txn_p{i:00}"), References(first));
        Assert.Null(first.ByTestId("transactions-newer"));
        Assert.Equal(Enumerable.Range(10, 25).Reverse().Select(i => $"stripe:txn_p{i:00}"), References(second));
        Assert.Equal("Page 2", second.TextOf("transactions-page"));
        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(i => $"stripe:txn_p{i:00}"), References(third));
        Assert.Null(third.ByTestId("transactions-older"));
        Assert.Equal(References(second), References(back));
        Assert.Equal("Page 2", back.TextOf("transactions-page"));
        Assert.DoesNotContain("txn_other_install", first.Body!.InnerHtml);
    }

    [Theory]
    [InlineData("from=yesterday", "error-from", "Enter the first day as a date")]
    [InlineData("from=2026-03-05&to=2026-03-01", "error-to", "cannot come before")]
    [InlineData("currency=dollars", "error-currency", "three letters")]
    [InlineData("customer=bob@example.com", "error-customer", "Stripe customer id")]
    [InlineData("q=%3Cscript%3E", "error-q", "Search by a Stripe id")]
    [InlineData("category=a%20b", "error-category", "reporting category")]
    [InlineData("cursor=x&dir=older", "transactions-pager-error", "not one this view made")]
    [InlineData("page=-1", "transactions-pager-error", "whole number")]
    public async Task A_query_that_cannot_be_read_comes_back_as_the_form_with_its_message(string query, string testId, string message)
    {
        var (_, session) = await OpenAsync();

        var (status, html, text) = await GetAsync($"/portal/transactions?{query}", session);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(message, html.TextOf(testId));
        Assert.NotNull(html.ByTestId("transactions-filters"));
        Assert.DoesNotContain("<script>", text);
        Assert.DoesNotContain(session, text);
    }

    [Fact]
    public async Task Without_a_session_no_transaction_is_shown()
    {
        var install = await Client.CreateInstallAsync();
        Store(Transaction(install, "txn_hidden", "charge", "USD", 1_000, Start));

        var response = await Client.SendAsync(PortalPages.HtmxGet("/portal/transactions", session: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("txn_hidden", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_view_is_in_the_navigation_and_opens_as_a_whole_page_too()
    {
        var (install, session) = await OpenAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/portal/transactions");
        request.Headers.Add("X-Portal-Session", session);

        var page = await Client.GetStringAsync((await Client.LaunchAsync(install)).PathAndQuery);
        var (status, html, _) = await Client.GetHtmlAsync(request);

        Assert.Contains("hx-get=\"/portal/transactions\"", page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("page", html.QuerySelector("#nav-transactions")!.GetAttribute("aria-current"));
    }

    [Fact]
    public async Task Items_recorded_before_their_stripe_ids_were_kept_are_found_once_the_backfill_has_run()
    {
        var (install, session) = await OpenAsync();
        var old = Transaction(install, "txn_old", "refund", "USD", -300, Start);
        foreach (var item in old)
        {
            item.SourceId = item.ChargeId = item.PaymentIntentId = null;
            item.SearchIds = null;
            item.MetaDataJson = """{"stripe_sync":{"balance_transaction_id":"txn_old","source_id":"re_old","charge_id":"ch_old","payment_intent_id":"pi_old"}}""";
        }
        Store(old);
        var before = References((await GetAsync("/portal/transactions?q=re_old", session)).Html);

        // This database was new at start-up, so the one-time backfill found nothing and finished: start it again.
        App.Service<AppDatabase>().Db.GetCollection(SearchFieldsBackfill.MarkerCollection).DeleteAll();
        App.Service<SearchFieldsBackfill>().RunOnce();

        Assert.Empty(before);
        Assert.Equal(["stripe:txn_old"], References((await GetAsync("/portal/transactions?q=re_old", session)).Html));
        Assert.Equal(["stripe:txn_old"], References((await GetAsync("/portal/transactions?q=ch_old", session)).Html));
        Assert.Equal(["stripe:txn_old"], References((await GetAsync("/portal/transactions?q=pi_old", session)).Html));
    }
}
