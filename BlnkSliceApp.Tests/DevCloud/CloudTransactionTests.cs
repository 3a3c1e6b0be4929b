using System.Text.Json.Nodes;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed class CloudTransactionTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    static readonly JsonObject Overdraft = new() { ["allow_overdraft"] = true };
    static readonly JsonObject SkipQueue = new() { ["skip_queue"] = true, ["allow_overdraft"] = true };

    [Fact]
    public async Task A_duplicate_reference_on_skip_queue_is_refused_with_409_and_TXN_DUPLICATE_REFERENCE()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();

        var first = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 1000, "pi_dup", extra: SkipQueue));
        var second = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 1000, "pi_dup", extra: SkipQueue));

        Assert.Equal(201, first.Status);
        Assert.Equal("APPLIED", first.Text("status"));
        Assert.Equal(409, second.Status);
        Assert.Equal("TXN_DUPLICATE_REFERENCE", second.ErrorCode);
        var balance = await cloud.GetAsync($"/proxy/balances/{customer}");
        Assert.Equal("1000", balance.Raw("balance"));
    }

    [Fact]
    public async Task A_duplicate_reference_on_the_queued_path_answers_201_with_a_fresh_id_that_is_never_stored()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();

        var first = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 500, "pi_twice", extra: Overdraft));
        var second = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 500, "pi_twice", extra: Overdraft));

        Assert.Equal(201, second.Status);
        Assert.Equal("QUEUED", second.Text("status"));
        Assert.NotEqual(first.Text("transaction_id"), second.Text("transaction_id"));
        Assert.Equal(404, (await cloud.GetAsync($"/proxy/transactions/{second.Text("transaction_id")}")).Status);
        var stored = await cloud.GetAsync("/data/transactions?reference_eq=pi_twice");
        Assert.Equal(1, stored.Body!["total"]!.GetValue<int>());
        Assert.Equal("500", (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance"));
    }

    [Fact]
    public async Task The_queued_path_answers_QUEUED_and_stores_an_applied_child_named_reference_q()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();

        var queued = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 250, "pi_q", extra: Overdraft));

        Assert.Equal(201, queued.Status);
        Assert.Equal("QUEUED", queued.Text("status"));
        var child = await cloud.GetAsync("/data/transactions?reference_eq=pi_q_q");
        var applied = child.Body!["data"]![0]!;
        Assert.Equal("APPLIED", applied["status"]!.GetValue<string>());
        Assert.Equal(queued.Text("transaction_id"), applied["parent_transaction"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_indicator_balance_as_source_is_refused_for_insufficient_funds_without_allow_overdraft()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();

        var direct = await cloud.PostAsync("/proxy/transactions",
            Txn.Body("@stripe", customer, 1000, "pi_direct", extra: new JsonObject { ["skip_queue"] = true }));
        var queued = await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 1000, "pi_queued"));

        Assert.Equal(400, direct.Status);
        Assert.Equal("insufficient funds", direct.Error);
        Assert.Equal(201, queued.Status);
        var child = (await cloud.GetAsync("/data/transactions?reference_eq=pi_queued_q")).Body!["data"]![0]!;
        Assert.Equal("REJECTED", child["status"]!.GetValue<string>());
        Assert.Equal("insufficient funds", child["meta_data"]!["blnk_rejection_reason"]!.GetValue<string>());
        Assert.Equal("0", (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance"));
    }

    [Fact]
    public async Task With_allow_overdraft_the_indicator_balance_goes_negative_and_is_created_once_per_currency()
    {
        using var cloud = await devCloud.InstallAsync();
        var usd = await cloud.CreateBalanceAsync("USD");
        var eur = await cloud.CreateBalanceAsync("EUR");

        await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", usd, 1000, extra: SkipQueue));
        await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", usd, 234, extra: SkipQueue));
        await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", eur, 99, currency: "EUR", extra: SkipQueue));

        var stripeUsd = await cloud.GetAsync("/proxy/balances/indicator/@stripe/currency/USD");
        var stripeEur = await cloud.GetAsync("/proxy/balances/indicator/stripe/currency/EUR");
        Assert.Equal("-1234", stripeUsd.Raw("balance"));
        Assert.Equal("1234", stripeUsd.Raw("debit_balance"));
        Assert.Equal("-99", stripeEur.Raw("balance"));
        Assert.NotEqual(stripeUsd.Text("balance_id"), stripeEur.Text("balance_id"));
        var indicators = await cloud.GetAsync("/data/balances?indicator_eq=@stripe");
        Assert.Equal(2, indicators.Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_customer_balance_may_not_pay_out_more_than_it_holds()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();
        await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 300, extra: SkipQueue));

        var tooMuch = await cloud.PostAsync("/proxy/transactions",
            Txn.Body(customer, "@payouts", 301, extra: new JsonObject { ["skip_queue"] = true }));
        var exact = await cloud.PostAsync("/proxy/transactions",
            Txn.Body(customer, "@payouts", 300, extra: new JsonObject { ["skip_queue"] = true }));

        Assert.Equal(400, tooMuch.Status);
        Assert.Equal(201, exact.Status);
        Assert.Equal("0", (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance"));
    }

    [Theory]
    [InlineData("""{"precise_amount": 100, "amount": 1, "precision": 100}""", "exactly one")]
    [InlineData("""{"precision": 100}""", "exactly one")]
    [InlineData("""{"precise_amount": 100, "precision": 3}""", "power of ten")]
    [InlineData("""{"precise_amount": -5, "precision": 100}""", "negative")]
    [InlineData("""{"amount": -0.5, "precision": 100}""", "negative")]
    [InlineData("""{"amount": 1.234, "precision": 100}""", "decimal places")]
    public async Task Amount_rules_are_checked_before_anything_is_stored(string amountFields, string expected)
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();
        var body = Txn.Body("@stripe", customer, 0, extra: SkipQueue);
        body.Remove("precise_amount");
        body.Remove("precision");
        foreach (var (key, value) in JsonNode.Parse(amountFields)!.AsObject())
            body[key] = value?.DeepClone();

        var answer = await cloud.PostAsync("/proxy/transactions", body);

        Assert.Equal(400, answer.Status);
        Assert.Contains(expected, answer.Error);
        Assert.Equal(0, (await cloud.GetAsync("/data/transactions")).Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_float_amount_is_scaled_exactly_by_its_precision_and_precision_zero_reads_as_one()
    {
        using var cloud = await devCloud.InstallAsync();
        var usd = await cloud.CreateBalanceAsync("USD");
        var jpy = await cloud.CreateBalanceAsync("JPY");
        var usdBody = Txn.Body("@stripe", usd, 0, extra: SkipQueue);
        usdBody.Remove("precise_amount");
        usdBody["amount"] = JsonNode.Parse("12345678901234.57");
        var jpyBody = Txn.Body("@stripe", jpy, 1500, currency: "JPY", precision: 0, extra: SkipQueue);

        var usdAnswer = await cloud.PostAsync("/proxy/transactions", usdBody);
        var jpyAnswer = await cloud.PostAsync("/proxy/transactions", jpyBody);

        Assert.Equal("1234567890123457", usdAnswer.Raw("precise_amount"));
        Assert.Equal("12345678901234.57", usdAnswer.Raw("amount"));
        Assert.Equal("1", jpyAnswer.Raw("precision"));
        Assert.Equal("1500", (await cloud.GetAsync($"/proxy/balances/{jpy}")).Raw("balance"));
    }

    [Fact]
    public async Task Source_and_destination_must_differ_and_required_fields_must_be_present()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();
        var noDescription = Txn.Body("@stripe", customer, 1, extra: SkipQueue);
        noDescription.Remove("description");

        var same = await cloud.PostAsync("/proxy/transactions", Txn.Body(customer, customer, 1, extra: SkipQueue));
        var missing = await cloud.PostAsync("/proxy/transactions", noDescription);

        Assert.Equal(400, same.Status);
        Assert.Equal(400, missing.Status);
        Assert.Contains("description", missing.Error);
    }

    [Fact]
    public async Task Concurrent_posts_with_one_reference_apply_exactly_once()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 7, "pi_race", extra: SkipQueue))));

        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.Equal(19, answers.Count(a => a.Status == 409));
        Assert.Equal("7", (await cloud.GetAsync($"/proxy/balances/{customer}")).Raw("balance"));
    }
}
