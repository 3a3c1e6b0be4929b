using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using BlnkSliceApp.Shared.Sync.Payouts;
using static BlnkSliceApp.Tests.Features.SyncNow.PortalRequests;

namespace BlnkSliceApp.Tests.Features.Payouts;

/// <summary>The Payouts view and its CSV, rendered by the app for payouts the sync recorded.</summary>
public sealed class PayoutsViewTests(AppFactory app) : AppTests(app)
{
    const long Day = 86_400;
    static readonly long Start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    async Task<(InstallEvent Install, string Session)> OpenAsync()
    {
        var install = await Client.CreateInstallAsync();
        return (install, await Client.OpenPortalSessionAsync(install));
    }

    async Task<(HttpStatusCode Status, IDocument Html)> GetAsync(string path, string session)
    {
        var response = await Client.SendAsync(PortalPages.HtmxGet(path, session));
        return (response.StatusCode, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    static string Text(IElement? element) => System.Text.RegularExpressions.Regex.Replace(element?.TextContent ?? "", "\\s+", " ").Trim();

    /// <summary>A payout as the sync records it, with its transactions (the payout's own among them).</summary>
    void Seed(InstallEvent install, PayoutRecord payout, params PayoutItemRecord[] items)
    {
        var store = App.Service<PayoutStore>();
        payout.InstalledAppId = install.InstalledAppId;
        payout.Id = PayoutRecord.IdFor(install.InstalledAppId, payout.PayoutId);
        foreach (var item in items)
        {
            item.InstalledAppId = install.InstalledAppId;
            item.PayoutId = payout.PayoutId;
            item.Currency = payout.Currency;
            item.Precision = payout.Precision;
            item.Id = PayoutItemRecord.IdFor(install.InstalledAppId, payout.PayoutId, item.Created, item.BalanceTransactionId);
            if (!item.IsPayoutItself)
            {
                payout.ItemCount++;
                payout.ItemsNet += item.Net;
            }
        }
        store.Save(payout);
        store.InsertItems(items);
    }

    static PayoutRecord Payout(string id, string currency, long precision, long amount, string status, long created, PayoutItemsState items = PayoutItemsState.Listed) => new()
    {
        PayoutId = id, Currency = currency, Precision = precision, Amount = amount, Status = status, Created = created,
        ArrivalDate = created + 2 * Day, ReconciliationStatus = items == PayoutItemsState.Waiting ? "in_progress" : "completed", Items = items,
        TraceIdStatus = status == "paid" ? "supported" : "pending", TraceId = status == "paid" ? "TRC0001" : null, TaggingDone = true,
    };

    static PayoutItemRecord Item(string id, string category, long amount, long fee, long created, string? source = null) => new()
    {
        BalanceTransactionId = id, Category = category, Type = category, Amount = amount, Fee = fee, Net = amount - fee, Created = created,
        SourceId = source, State = PayoutItemState.Resolved, Done = true,
        Postings = [new PayoutPosting { Reference = $"stripe:{id}", Tag = PostingTag.Tagged }],
    };

    static PayoutItemRecord Own(PayoutRecord payout) => new()
    {
        BalanceTransactionId = $"txn_own_{payout.PayoutId}", Category = "payout", Type = "payout", Amount = -payout.Amount, Net = -payout.Amount,
        Created = payout.Created, SourceId = payout.PayoutId, IsPayoutItself = true, State = PayoutItemState.Resolved, Done = true,
    };

    [Fact]
    public async Task Each_payout_shows_its_status_arrival_date_amount_in_its_currency_and_whether_its_transactions_add_up()
    {
        var (install, session) = await OpenAsync();
        var usd = Payout("po_usd1", "USD", 100, 123_456, "paid", Start);
        Seed(install, usd, Own(usd), Item("txn_a", "charge", 130_000, 6_544, Start - 3 * Day, "ch_a"));
        Seed(install, Payout("po_jpy1", "JPY", 1, 12_345, "in_transit", Start + Day, PayoutItemsState.Waiting));
        var kwd = Payout("po_kwd1", "KWD", 1000, 12_340, "failed", Start + 2 * Day);
        Seed(install, kwd, Own(kwd), Item("txn_k", "charge", 12_000, 0, Start - Day));

        var (status, html) = await GetAsync("/portal/payouts", session);

        Assert.Equal(HttpStatusCode.OK, status);
        var rows = html.QuerySelectorAll("[data-testid=payout-row]");
        Assert.Equal(["po_kwd1", "po_jpy1", "po_usd1"], rows.Select(r => r.GetAttribute("data-payout-id")));
        string Cell(int row, string testId) => Text(rows[row].QuerySelector($"[data-testid={testId}]"));
        Assert.Equal(("Failed", "12.340 KWD", "Differs by 0.340 KWD"), (Cell(0, "payout-status"), Cell(0, "payout-amount"), Cell(0, "payout-reconciliation")));
        Assert.Equal(("In transit", "12,345 JPY", "Waiting for Stripe to list its transactions"), (Cell(1, "payout-status"), Cell(1, "payout-amount"), Cell(1, "payout-reconciliation")));
        Assert.Equal(("Paid", "1,234.56 USD", "Reconciled", "2026-03-04"), (Cell(2, "payout-status"), Cell(2, "payout-amount"), Cell(2, "payout-reconciliation"), Cell(2, "payout-arrival")));
        Assert.Equal("/portal/payouts/po_usd1", rows[2].QuerySelector("[data-testid=payout-open]")!.GetAttribute("hx-get"));
        Assert.Equal("#payout-detail", rows[2].QuerySelector("[data-testid=payout-open]")!.GetAttribute("hx-target"));
    }

    [Fact]
    public async Task Opening_a_payout_shows_its_transactions_by_category_with_totals_and_the_difference_when_they_do_not_add_up()
    {
        var (install, session) = await OpenAsync();
        var payout = Payout("po_detail", "EUR", 100, 20_000, "paid", Start);
        Seed(install, payout, Own(payout),
            Item("txn_c1", "charge", 10_000, 300, Start - 5 * Day, "ch_1"),
            Item("txn_c2", "charge", 12_000, 360, Start - 4 * Day, "ch_2"),
            Item("txn_r1", "refund", -2_000, 0, Start - 3 * Day, "re_1"),
            Item("txn_f1", "fee", -500, 0, Start - 2 * Day));

        var (status, html) = await GetAsync("/portal/payouts/po_detail", session);

        Assert.Equal(HttpStatusCode.OK, status);
        var detail = html.QuerySelector("[data-testid=payout-detail]")!;
        Assert.Equal("po_detail", detail.GetAttribute("data-payout-id"));
        Assert.Equal("TRC0001", Text(detail.QuerySelector("[data-testid=payout-trace-id]")));
        var categories = detail.QuerySelectorAll("[data-testid=payout-category]")
            .ToDictionary(r => r.GetAttribute("data-category")!, r => r.QuerySelectorAll("td").Select(Text).ToArray());
        Assert.Equal(["Charge", "2", "220.00 EUR", "-6.60 EUR", "213.40 EUR"], categories["charge"]);
        Assert.Equal(["Refund", "1", "-20.00 EUR", "0.00 EUR", "-20.00 EUR"], categories["refund"]);
        Assert.Equal(["Fee", "1", "-5.00 EUR", "0.00 EUR", "-5.00 EUR"], categories["fee"]);
        Assert.False(categories.ContainsKey("payout"));
        var total = detail.QuerySelector("[data-testid=payout-category-total]")!.QuerySelectorAll("td").Select(Text).ToArray();
        Assert.Equal(["4", "195.00 EUR", "-6.60 EUR", "188.40 EUR"], total);
        Assert.Equal(4, detail.QuerySelectorAll("[data-testid=payout-item]").Length);
        Assert.Contains("11.60 EUR away from the payout's amount", Text(detail.QuerySelector("[data-testid=payout-difference]")));
        Assert.Equal("Differs by 11.60 EUR", Text(detail.QuerySelector("[data-testid=payout-reconciliation]")));
    }

    [Fact]
    public async Task The_CSV_of_a_payout_has_one_header_row_and_its_transactions_in_minor_units_and_decimals_and_its_link_works_once()
    {
        var (install, session) = await OpenAsync();
        var payout = Payout("po_csv", "KWD", 1000, 14_950, "paid", Start);
        Seed(install, payout, Own(payout),
            Item("txn_k1", "charge", 15_000, 450, Start - 2 * Day + 3_661, "ch_k1"),
            Item("txn_k2", "refund", 400, 0, Start - Day, "re_k2"));

        var ask = await Client.SendAsync(HtmxPost("/portal/payouts/po_csv/csv", session));
        var link = ask.Headers.GetValues("HX-Redirect").Single();
        var download = await Client.GetAsync(link);
        var again = await Client.GetAsync(link);

        Assert.Equal(HttpStatusCode.NoContent, ask.StatusCode);
        Assert.StartsWith("/portal/download?token=", link);
        Assert.DoesNotContain(session, link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("stripe-payout-po_csv.csv", download.Content.Headers.ContentDisposition.FileNameStar);
        var lines = (await download.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("payout_id,payout_status,balance_transaction_id,created_utc,type,reporting_category,source_id,currency,amount_minor,amount,fee_minor,fee,net_minor,net,ledger,ledger_references", lines[0]);
        Assert.Equal("po_csv,paid,txn_k1,2026-02-28T01:01:01Z,charge,charge,ch_k1,KWD,15000,15.000,450,0.450,14550,14.550,Tagged,stripe:txn_k1", lines[1]);
        Assert.Equal("po_csv,paid,txn_k2,2026-03-01T00:00:00Z,refund,refund,re_k2,KWD,400,0.400,0,0.000,400,0.400,Tagged,stripe:txn_k2", lines[2]);
        Assert.Equal(["", ], lines[3..]);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_download_link_expires_after_two_minutes_and_an_unknown_one_is_refused()
    {
        var (install, session) = await OpenAsync();
        var payout = Payout("po_late", "USD", 100, 1_000, "paid", Start);
        Seed(install, payout, Own(payout), Item("txn_l1", "charge", 1_000, 0, Start - Day));

        var link = (await Client.SendAsync(HtmxPost("/portal/payouts/po_late/csv", session))).Headers.GetValues("HX-Redirect").Single();
        App.Clock.Advance(TimeSpan.FromMinutes(3));
        var late = await Client.GetAsync(link);
        var unknown = await Client.GetAsync("/portal/download?token=not-a-token");

        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Contains("expired", await late.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("not valid", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_payout_ids_unknown_payouts_and_bad_pages_get_readable_messages_not_errors()
    {
        var (_, session) = await OpenAsync();

        var (malformed, malformedHtml) = await GetAsync("/portal/payouts/not-a-payout", session);
        var (unknown, unknownHtml) = await GetAsync("/portal/payouts/po_unknown", session);
        var (badPage, badPageHtml) = await GetAsync("/portal/payouts?page=0", session);
        var csv = await Client.SendAsync(HtmxPost("/portal/payouts/po_unknown/csv", session));

        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Contains("not a Stripe payout id", Text(malformedHtml.QuerySelector("[data-testid=payout-notice]")));
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("No payout po_unknown", Text(unknownHtml.QuerySelector("[data-testid=payout-notice]")));
        Assert.Equal(HttpStatusCode.BadRequest, badPage);
        Assert.Contains("page must be", Text(badPageHtml.QuerySelector("[data-testid=payout-notice]")));
        Assert.Equal(HttpStatusCode.NotFound, csv.StatusCode);
        Assert.False(csv.Headers.Contains("HX-Redirect"));
    }

    [Fact]
    public async Task Payouts_come_25_to_a_page_newest_first_and_the_navigation_opens_the_view()
    {
        var (install, session) = await OpenAsync();
        for (var i = 0; i < 30; i++)
            Seed(install, Payout($"po_page{i:00}", "USD", 100, 1_000 + i, "paid", Start + i * Day));

        var (_, first) = await GetAsync("/portal/payouts", session);
        var (_, second) = await GetAsync("/portal/payouts?page=2", session);
        var page = await Client.GetStringAsync((await Client.LaunchAsync(install)).PathAndQuery);

        Assert.Equal(25, first.QuerySelectorAll("[data-testid=payout-row]").Length);
        Assert.Equal("po_page29", first.QuerySelector("[data-testid=payout-row]")!.GetAttribute("data-payout-id"));
        Assert.Equal("Page 1 of 2", Text(first.QuerySelector("[data-testid=payouts-page]")));
        Assert.Equal(["po_page04", "po_page03", "po_page02", "po_page01", "po_page00"],
            second.QuerySelectorAll("[data-testid=payout-row]").Select(r => r.GetAttribute("data-payout-id")));
        Assert.Contains("hx-get=\"/portal/payouts\" hx-target=\"#view\"", page);
        Assert.Equal("payouts", first.QuerySelector("#view")!.GetAttribute("data-view"));
    }

    [Fact]
    public async Task Without_a_session_the_payouts_are_not_shown()
    {
        var install = await Client.CreateInstallAsync();
        Seed(install, Payout("po_secret", "USD", 100, 1_000, "paid", Start));

        var response = await Client.SendAsync(PortalPages.HtmxGet("/portal/payouts", session: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("po_secret", await response.Content.ReadAsStringAsync());
    }
}
