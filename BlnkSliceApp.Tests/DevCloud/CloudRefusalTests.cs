using System.Text.Json.Nodes;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>The ledger's refusal switch (to try the portal's Repair view): a currency refused on purpose, then allowed again.</summary>
public sealed class CloudRefusalTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    static readonly JsonObject SkipQueue = new() { ["skip_queue"] = true, ["allow_overdraft"] = true };

    [Fact]
    public async Task A_refused_currency_answers_400_with_Cores_error_shape_until_it_is_allowed_and_other_ledgers_are_untouched()
    {
        using var cloud = await devCloud.InstallAsync();
        using var other = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();
        var otherCustomer = await other.CreateBalanceAsync();
        var ledger = devCloud.Handle.Ledger(cloud.Install.InstanceId);
        ledger.RefuseCurrency("usd", "balance is locked for an audit");

        var refused = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 1000, "ref_refused", extra: SkipQueue));
        var elsewhere = await other.PostAsync("/proxy/transactions", Txn.Body("@stripe", otherCustomer, 1000, "ref_refused", extra: SkipQueue));
        ledger.AllowCurrency("USD");
        var allowed = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 1000, "ref_refused", extra: SkipQueue));

        Assert.Equal(400, refused.Status);
        Assert.Equal("TXN_REFUSED", refused.ErrorCode);
        Assert.Equal("balance is locked for an audit", refused.Error);
        Assert.Equal(201, elsewhere.Status);
        Assert.Equal(201, allowed.Status);
        Assert.Equal("1000", (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance"));
    }

    [Fact]
    public async Task The_ledger_page_refuses_and_allows_a_currency_through_its_form()
    {
        using var cloud = await devCloud.InstallAsync();
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = devCloud.Handle.DevCloudUrl };
        var page = await browser.GetStringAsync($"/ledger?instance={cloud.Install.InstanceId}");
        var token = Html.Parse(page).QuerySelector("form[action='/ledger/refusals'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        FormUrlEncodedContent Form(string action, string currency) => new(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["instance"] = cloud.Install.InstanceId, ["currency"] = currency, ["action"] = action,
        });

        var refuse = await browser.PostAsync("/ledger/refusals", Form("refuse", "jpy"));
        var listed = Html.Parse(await refuse.Content.ReadAsStringAsync()).TextOf("ledger-refused");
        var bad = await browser.PostAsync("/ledger/refusals", Form("refuse", "yen!"));
        var allow = await browser.PostAsync("/ledger/refusals", Form("allow", "JPY"));

        Assert.Equal(HttpStatusCode.OK, refuse.StatusCode);
        Assert.StartsWith("JPY:", listed);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allow.StatusCode);
        Assert.Empty(devCloud.Handle.Ledger(cloud.Install.InstanceId).RefusedCurrencies);
    }

    [Fact]
    public async Task Activity_of_an_unknown_category_is_made_through_the_emulators_control_and_bad_input_is_a_400()
    {
        using var stripe = new HttpClient { BaseAddress = devCloud.Handle.Stripe!.BaseUrl };

        var made = await stripe.PostAsJsonAsync("/_devcloud/balance_transactions/unmapped", new { category = "brand_new_thing", currency = "eur", amount = -750 });
        var bad = await stripe.PostAsJsonAsync("/_devcloud/balance_transactions/unmapped", new { category = "Brand New!" });

        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var id = (await made.Content.ReadFromJsonAsync<JsonObject>())!["balance_transaction"]!.GetValue<string>();
        var txn = devCloud.Handle.Stripe.Account.BalanceTransactions.Single(t => t.Id == id);
        Assert.Equal(("brand_new_thing", "eur", -750L), (txn.ReportingCategory, txn.Currency, txn.Amount));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
