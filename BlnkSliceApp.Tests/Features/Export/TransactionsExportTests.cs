using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Store;
using static BlnkSliceApp.Tests.Features.SyncNow.PortalRequests;

namespace BlnkSliceApp.Tests.Features.Export;

/// <summary>The CSV of the Transactions view, asked for by the portal and fetched through its single-use link.</summary>
public sealed class TransactionsExportTests(AppFactory app) : AppTests(app)
{
    static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    async Task<(InstallEvent Install, string Session)> OpenAsync()
    {
        var install = await Client.CreateInstallAsync();
        return (install, await Client.OpenPortalSessionAsync(install));
    }

    SyncItemRecord Posting(InstallEvent install, string txn, string category, string currency, long amount, LedgerRole from, LedgerRole to,
        DateTimeOffset created, string? customer = null, SyncItemState state = SyncItemState.Posted, int sequence = 0, string? charge = null,
        string? reason = null)
    {
        var item = SyncedItems.Item(install.InstalledAppId, category, currency, amount, from, to, created, state, sequence, customer, txn);
        item.KeepStripeIds(charge, charge, null);
        item.RejectionReason = reason;
        App.Service<AppDatabase>().Store([item]);
        return item;
    }

    async Task<(HttpResponseMessage Ask, string Link)> AskAsync(string path, string? session)
    {
        var ask = await Client.SendAsync(HtmxPost(path, session));
        return (ask, ask.Headers.TryGetValues("HX-Redirect", out var links) ? links.Single() : "");
    }

    [Fact]
    public async Task The_CSV_holds_every_matching_posting_newest_first_in_minor_units_and_decimals_with_one_header_row()
    {
        var (install, session) = await OpenAsync();
        Posting(install, "txn_a", "charge", "USD", 123_456, LedgerRole.Stripe, LedgerRole.Customer, Start, customer: "cus_a", charge: "ch_a");
        Posting(install, "txn_a", "charge", "USD", 3_610, LedgerRole.Fees, LedgerRole.Stripe, Start, customer: "cus_a", sequence: 1, charge: "ch_a");
        Posting(install, "txn_b", "refund", "JPY", 1_500, LedgerRole.Customer, LedgerRole.Stripe, Start.AddMinutes(1), customer: "cus_a");
        Posting(install, "txn_c", "charge", "KWD", 12_345, LedgerRole.Stripe, LedgerRole.Unattributed, Start.AddDays(-3));

        var (ask, link) = await AskAsync("/portal/export/transactions?from=2026-03-01&currency=usd", session);
        var download = await Client.GetAsync(link);
        var body = await download.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NoContent, ask.StatusCode);
        Assert.True(download.StatusCode == HttpStatusCode.OK, body + string.Join("\n", App.Logs.Lines.Where(l => l.Contains("xception"))));
        Assert.StartsWith("/portal/download?token=", link);
        Assert.DoesNotContain(session, link);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("stripe-transactions.csv", download.Content.Headers.ContentDisposition!.FileNameStar);
        var lines = body.Split("\r\n");
        Assert.Equal("reference,balance_transaction_id,part,created_utc,reporting_category,source_id,charge_id,payment_intent_id,customer_id,currency,amount_minor,amount,direction,from,to,status,ledger_transaction_id,reason", lines[0]);
        Assert.StartsWith("stripe:txn_a:fee,txn_a,fee,2026-03-02T12:00:00Z,charge,ch_a,ch_a,,cus_a,USD,3610,36.10,out,@stripe_fees,@stripe,posted,", lines[1]);
        Assert.StartsWith("stripe:txn_a,txn_a,amount,2026-03-02T12:00:00Z,charge,ch_a,ch_a,,cus_a,USD,123456,1234.56,in,@stripe,customer cus_a,posted,", lines[2]);
        Assert.Equal([""], lines[3..]);
    }

    [Fact]
    public async Task Commas_quotes_and_newlines_in_a_field_are_quoted_as_RFC_4180_says()
    {
        var (install, session) = await OpenAsync();
        Posting(install, "txn_r", "charge", "EUR", 700, LedgerRole.Stripe, LedgerRole.Unattributed, Start, state: SyncItemState.Rejected,
            reason: "amount \"700\", balance locked\nretry later");

        var (_, link) = await AskAsync("/portal/export/transactions", session);
        var text = await (await Client.GetAsync(link)).Content.ReadAsStringAsync();

        Assert.Contains(",refused,,\"amount \"\"700\"\", balance locked\nretry later\"\r\n", text);
    }

    [Fact]
    public async Task A_filter_the_view_cannot_read_gets_a_message_and_no_link()
    {
        var (_, session) = await OpenAsync();

        var (ask, link) = await AskAsync("/portal/export/transactions?currency=dollars", session);

        Assert.Equal(HttpStatusCode.BadRequest, ask.StatusCode);
        Assert.Equal("", link);
        Assert.Contains("A currency is three letters", await ask.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_portal_session_no_link_is_made()
    {
        var (ask, link) = await AskAsync("/portal/export/transactions", session: null);

        Assert.Equal(HttpStatusCode.Unauthorized, ask.StatusCode);
        Assert.DoesNotContain("/portal/download", link);
    }

    [Fact]
    public async Task The_link_works_once_and_only_for_its_own_install()
    {
        var (install, session) = await OpenAsync();
        var (other, _) = await OpenAsync();
        Posting(install, "txn_mine", "charge", "USD", 100, LedgerRole.Stripe, LedgerRole.Unattributed, Start);
        Posting(other, "txn_theirs", "charge", "USD", 100, LedgerRole.Stripe, LedgerRole.Unattributed, Start);

        var (_, link) = await AskAsync("/portal/export/transactions", session);
        var text = await (await Client.GetAsync(link)).Content.ReadAsStringAsync();
        var again = await Client.GetAsync(link);

        Assert.Contains("stripe:txn_mine", text);
        Assert.DoesNotContain("txn_theirs", text);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    [Fact]
    public async Task The_view_offers_the_CSV_of_exactly_its_filters()
    {
        var (_, session) = await OpenAsync();

        var response = await Client.SendAsync(PortalPages.HtmxGet("/portal/transactions?currency=USD&q=ch_x", session));
        var html = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("/portal/export/transactions?currency=USD&q=ch_x", html.ByTestId("transactions-csv")!.GetAttribute("hx-post"));
    }
}
