using System.Diagnostics;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Tests.DevCloud;
using Stripe;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>The gateway over real HTTP against the emulated Stripe account.</summary>
public sealed class StripeGatewayTests : IClassFixture<StripeEmulatorApp>
{
    readonly StripeEmulatorApp _stripe;

    public StripeGatewayTests(StripeEmulatorApp stripe)
    {
        _stripe = stripe;
        stripe.Heal();
    }

    StripeGateway Gateway => _stripe.Gateway;
    StripeCredentials Credentials => _stripe.Credentials();

    [Fact]
    public async Task Listing_a_window_pages_through_every_balance_transaction_with_its_source_expanded()
    {
        var account = _stripe.Emulator.Account;
        var all = account.BalanceTransactions;
        var from = all.Min(t => t.Created);
        var to = account.Now + 1;
        var listed = new List<StripeBalanceTransaction>();
        var pages = 0;
        string? after = null;
        while (true)
        {
            var page = await Gateway.ListBalanceTransactionsAsync(Credentials, from, to, after, CancellationToken.None);
            pages++;
            listed.AddRange(page.Items);
            Assert.True(page.Items.Count <= 100);
            if (!page.HasMore) break;
            after = page.Items[^1].Id;
        }

        Assert.True(pages > 2, $"expected several pages, got {pages}");
        Assert.Equal(all.Select(t => t.Id).Order(), listed.Select(t => t.Id).Order());
        Assert.All(listed.Where(t => t.Source is not null), t => Assert.Equal(t.SourceId, t.Source!.Id));
        Assert.Contains(listed, t => t.Source is StripeSourceCharge);
        Assert.Contains(listed, t => t.Source is StripeSourceRefund);
        Assert.Contains(listed, t => t.Source is StripeSourceDispute);
        Assert.Contains(listed, t => t.Source is StripeSourcePayout);
    }

    [Fact]
    public async Task Every_page_of_the_emulated_account_reads_as_Stripe_net_read_it()
    {
        var stripeNet = new StripeClient(new StripeClientOptions { ApiKey = _stripe.Emulator.SecretKey, ApiBase = _stripe.Emulator.BaseUrl.ToString().TrimEnd('/') });
        var to = _stripe.Emulator.Account.Now + 1;
        string? after = null;
        var pages = 0;
        do
        {
            var theirs = await stripeNet.V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions
            {
                Limit = 100,
                Created = new DateRangeOptions { GreaterThanOrEqual = DateTimeOffset.FromUnixTimeSeconds(0).UtcDateTime, LessThan = DateTimeOffset.FromUnixTimeSeconds(to).UtcDateTime },
                StartingAfter = after,
                Expand = ["data.source", "data.source.charge", "data.source.customer", "data.source.charge.customer"],
            });
            var ours = await Gateway.ListBalanceTransactionsAsync(Credentials, 0, to, after, CancellationToken.None);

            Assert.Equal(StripeNetReading.Described(theirs.Data.Select(StripeNetReading.Of)), StripeNetReading.Described(ours.Items));
            Assert.Equal(theirs.HasMore, ours.HasMore);
            pages++;
            after = ours.HasMore ? ours.Items[^1].Id : null;
        } while (after is not null);
        Assert.True(pages > 2, $"expected several pages, got {pages}");
    }

    [Fact]
    public async Task The_window_includes_its_start_and_excludes_its_end()
    {
        var ordered = _stripe.Emulator.Account.BalanceTransactions.OrderBy(t => t.Created).ToList();
        var from = ordered[10].Created;
        var to = ordered[40].Created;

        var page = await Gateway.ListBalanceTransactionsAsync(Credentials, from, to, null, CancellationToken.None);

        var expected = ordered.Where(t => t.Created >= from && t.Created < to).Select(t => t.Id).Order();
        Assert.Equal(expected, page.Items.Select(t => t.Id).Order());
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task The_balance_sums_available_and_pending_per_upper_case_currency_with_its_precision()
    {
        var expected = _stripe.Emulator.Account.Balance();

        var balance = await Gateway.GetBalanceAsync(Credentials, CancellationToken.None);

        var currencies = expected.Available.Keys.Union(expected.Pending.Keys).Select(c => c.ToUpperInvariant()).Order();
        var payments = balance.Where(b => b.BalanceType == "payments").ToList();
        Assert.Equal(currencies, payments.Select(b => b.Currency).Order());
        foreach (var amount in balance)
            Assert.Equal(expected.Total(amount.BalanceType, amount.Currency.ToLowerInvariant()), amount.Amount);
        Assert.Contains(balance, b => b is { BalanceType: "issuing", Currency: "USD", Amount: > 0 });
        Assert.Contains(balance, b => b is { BalanceType: "refund_and_dispute_prefunding", Currency: "USD", Amount: > 0 });
        var precision = payments.ToDictionary(b => b.Currency, b => b.Precision);
        Assert.Equal(100, precision["USD"]);
        Assert.Equal(1, precision["JPY"]);
        Assert.Equal(1000, precision["KWD"]);
        Assert.Equal(100, precision["ISK"]);
        Assert.Equal(100, precision["HUF"]);
    }

    [Fact]
    public async Task A_429_from_Stripe_is_retried_until_Stripe_answers()
    {
        _stripe.Emulator.Faults.Rate429 = 0.3;
        _stripe.Emulator.Faults.RetryAfterSeconds = 0;
        var before = _stripe.Emulator.RequestCount;

        for (var i = 0; i < 30; i++)
            await Gateway.GetBalanceAsync(Credentials, CancellationToken.None);

        Assert.True(_stripe.Emulator.RequestCount - before > 30, "no 429 was retried");
    }

    [Fact]
    public async Task A_429_waits_for_the_Retry_After_Stripe_asks_for()
    {
        _stripe.Emulator.Faults.Rate429 = 1;
        _stripe.Emulator.Faults.RetryAfterSeconds = 1;
        var before = _stripe.Emulator.FaultsInjected;
        var watch = Stopwatch.StartNew();

        var call = Gateway.GetBalanceAsync(Credentials, CancellationToken.None);
        // Only once the 429 has been drawn may the fault go away: a request counted on arrival may not have met it yet.
        await Eventually.TrueAsync(() => Task.FromResult(_stripe.Emulator.FaultsInjected > before));
        _stripe.Emulator.Faults.Rate429 = 0;
        await call;

        // The configured back-off is 5 ms: only Retry-After explains a wait of a second.
        Assert.True(watch.ElapsedMilliseconds >= 900, $"retried after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Server_errors_and_dropped_connections_are_retried()
    {
        _stripe.Emulator.Faults.Rate500 = 0.15;
        _stripe.Emulator.Faults.Rate503 = 0.15;
        _stripe.Emulator.Faults.RateTimeout = 0.1;
        _stripe.Emulator.Faults.TimeoutHoldMs = 50;

        for (var i = 0; i < 20; i++)
        {
            var page = await Gateway.ListCustomersAsync(Credentials, null, null, CancellationToken.None);
            Assert.NotEmpty(page.Items);
        }
    }

    [Fact]
    public async Task A_Stripe_that_keeps_failing_gives_a_readable_error_without_the_key()
    {
        _stripe.Emulator.Faults.Rate500 = 1;

        var error = await Assert.ThrowsAsync<StripeCallException>(() => Gateway.GetBalanceAsync(Credentials, CancellationToken.None));

        Assert.Equal(500, error.HttpStatus);
        Assert.Contains("Could not read the Stripe balance", error.Message);
        Assert.Contains("HTTP 500", error.Message);
        Assert.DoesNotContain(_stripe.Emulator.SecretKey, error.ToString());
    }

    [Fact]
    public async Task A_refused_key_gives_Stripe_s_reason_masked()
    {
        var wrong = "sk_test_" + new string('Q', 40) + "wxyz";

        var error = await Assert.ThrowsAsync<StripeCallException>(() => Gateway.GetBalanceAsync(_stripe.Credentials(wrong), CancellationToken.None));

        Assert.Equal(401, error.HttpStatus);
        Assert.True(error.IsKeyProblem);
        Assert.Contains("Invalid API Key", error.Message);
        Assert.Contains("wxyz", error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
    }

    [Fact]
    public async Task A_good_secret_key_validates_to_its_account_in_test_mode()
    {
        var check = await Gateway.ValidateKeyAsync(_stripe.Emulator.SecretKey, CancellationToken.None);

        Assert.True(check.Valid, check.Reason);
        Assert.Equal(_stripe.Emulator.AccountId, check.AccountId);
        Assert.False(check.Live);
    }

    [Fact]
    public async Task A_restricted_key_that_may_read_the_account_validates()
    {
        var check = await Gateway.ValidateKeyAsync(_stripe.Emulator.RestrictedKey, CancellationToken.None);

        Assert.True(check.Valid, check.Reason);
        Assert.Equal(_stripe.Emulator.AccountId, check.AccountId);
    }

    [Fact]
    public async Task An_unknown_key_is_refused_with_Stripe_s_reason()
    {
        var wrong = "sk_test_" + new string('Z', 40);

        var check = await Gateway.ValidateKeyAsync(wrong, CancellationToken.None);

        Assert.False(check.Valid);
        Assert.False(check.StripeUnavailable);
        Assert.Contains("Invalid API Key", check.Reason);
        Assert.DoesNotContain(wrong, check.Reason);
    }

    [Fact]
    public async Task A_restricted_key_without_the_account_permission_is_refused_with_the_missing_permission()
    {
        var limited = "rk_test_" + new string('L', 40);
        _stripe.Emulator.Keys.RegisterRestrictedKey(limited, ["balance", "balance_transactions"]);

        var check = await Gateway.ValidateKeyAsync(limited, CancellationToken.None);

        Assert.False(check.Valid);
        Assert.Contains("permission", check.Reason);
        Assert.DoesNotContain(limited, check.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("pk_test_0123456789abcdefghij")]
    [InlineData("sk_test_short")]
    [InlineData("sk_test_0123456789 abcdefghij")]
    public async Task A_key_that_is_not_shaped_like_a_secret_key_is_refused_without_asking_Stripe(string key)
    {
        var before = _stripe.Emulator.RequestCount;

        var check = await Gateway.ValidateKeyAsync(key, CancellationToken.None);

        Assert.False(check.Valid);
        Assert.Contains("not a Stripe secret key", check.Reason);
        Assert.Equal(before, _stripe.Emulator.RequestCount);
    }

    [Fact]
    public async Task The_account_id_is_asked_once_per_key()
    {
        var credentials = _stripe.Credentials(_stripe.Emulator.RestrictedKey);
        var first = await Gateway.AccountIdAsync(credentials, CancellationToken.None);
        var before = _stripe.Emulator.RequestCount;

        var second = await Gateway.AccountIdAsync(credentials, CancellationToken.None);

        Assert.Equal(_stripe.Emulator.AccountId, first);
        Assert.Equal(first, second);
        Assert.Equal(before, _stripe.Emulator.RequestCount);
    }

    [Fact]
    public async Task A_deleted_customer_reads_as_deleted_and_a_live_one_with_its_details()
    {
        var customers = _stripe.Emulator.Account.Customers;
        var live = customers.First(c => !c.Deleted && c.Email is not null && c.Name is not null);
        var deleted = customers.First(c => c.Deleted);

        var liveInfo = await Gateway.GetCustomerAsync(Credentials, live.Id, CancellationToken.None);
        var deletedInfo = await Gateway.GetCustomerAsync(Credentials, deleted.Id, CancellationToken.None);

        Assert.Equal(new BlnkSliceApp.Shared.Sync.StripeCustomerInfo(live.Id, live.Email, live.Name, live.Phone, false), liveInfo);
        Assert.True(deletedInfo.Deleted);
        Assert.Equal(deleted.Id, deletedInfo.Id);
    }

    [Fact]
    public async Task Customers_can_be_listed_by_email()
    {
        var customer = _stripe.Emulator.Account.Customers.First(c => !c.Deleted && c.Email is not null);

        var page = await Gateway.ListCustomersAsync(Credentials, customer.Email, null, CancellationToken.None);

        Assert.Contains(page.Items, c => c.Id == customer.Id);
        Assert.All(page.Items, c => Assert.Equal(customer.Email, c.Email));
    }

    [Fact]
    public async Task A_charge_is_read_with_its_customer()
    {
        var charge = _stripe.Emulator.Account.Charges.First(c => c.CustomerId is not null);

        var read = await Gateway.GetChargeAsync(Credentials, charge.Id, CancellationToken.None);

        Assert.Equal(charge.CustomerId, read.CustomerId);
    }

    [Fact]
    public async Task An_unknown_charge_is_a_readable_not_found()
    {
        var error = await Assert.ThrowsAsync<StripeCallException>(() => Gateway.GetChargeAsync(Credentials, "ch_doesnotexist", CancellationToken.None));

        Assert.Equal(404, error.HttpStatus);
        Assert.Contains("ch_doesnotexist", error.Message);
    }

    [Fact]
    public async Task No_log_line_holds_a_Stripe_key()
    {
        _stripe.Emulator.Faults.Rate429 = 0.3;
        _stripe.Emulator.Faults.RetryAfterSeconds = 0;
        for (var i = 0; i < 10; i++)
            await Gateway.GetBalanceAsync(Credentials, CancellationToken.None);
        await Gateway.ValidateKeyAsync("sk_test_" + new string('N', 40), CancellationToken.None);

        Assert.NotEmpty(_stripe.App.Logs.Lines);
        Assert.DoesNotContain(_stripe.App.Logs.Lines, line => line.Contains(_stripe.Emulator.SecretKey) || line.Contains("sk_test_" + new string('N', 40)));
    }
}
