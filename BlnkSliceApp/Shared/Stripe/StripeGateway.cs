using System.Collections.Concurrent;
using System.Net;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Mapping;
using Polly.Timeout;
using Stripe;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// Every call the app makes to Stripe. One Stripe.net client per key (cached), pointed at
/// STRIPE_API_BASE, over the "stripe" HttpClient whose handlers retry (as Stripe-Should-Retry
/// says, else 5xx, 429 after its Retry-After, time-outs, dropped connections) and keep every
/// key of one Stripe account inside that account's one budget (<see cref="StripeAccountBudget"/>).
/// Stripe.net's own retries are off so that those handlers are the only policy. Failures
/// surface as <see cref="StripeCallException"/> with a readable message and no key.
/// </summary>
public sealed class StripeGateway(IHttpClientFactory httpClients, AppSettings settings, StripeAccountBudget budget, Microsoft.Extensions.Options.IOptions<StripeGatewayOptions> gatewayOptions)
{
    public const string HttpClientName = "stripe";
    const int PageSize = 100;

    readonly ConcurrentDictionary<string, StripeClient> _clients = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string> _accountIds = new(StringComparer.Ordinal);
    readonly Cloud.KeyedLocks _accountLookups = new();

    public async Task<string> AccountIdAsync(StripeCredentials credentials, CancellationToken ct)
    {
        if (credentials.AccountId is { Length: > 0 } known)
            return known;
        var fingerprint = StripeKeyFormat.Fingerprint(credentials.SecretKey);
        if (_accountIds.TryGetValue(fingerprint, out var cached))
            return cached;
        // Many runs of one key starting together ask Stripe once.
        using var _ = await _accountLookups.AcquireAsync(fingerprint, ct);
        if (_accountIds.TryGetValue(fingerprint, out cached))
            return cached;
        var account = await CallAsync(credentials.SecretKey, "read the Stripe account",
            (client, token) => client.V1.Accounts.GetSelfAsync(cancellationToken: token), ct);
        budget.Bind(credentials.SecretKey, account.Id);
        return _accountIds[fingerprint] = account.Id;
    }

    /// <summary>
    /// Per balance type and currency (upper case), every amount Stripe lists, zeros included:
    /// the payments balance (available plus pending), the Issuing balance (available) and the
    /// refund-and-dispute prefunding balance (available plus pending). Connect reserves are not a
    /// balance any balance transaction names, so they are left out.
    /// </summary>
    public async Task<IReadOnlyList<StripeBalanceAmount>> GetBalanceAsync(StripeCredentials credentials, CancellationToken ct)
    {
        var balance = await CallAsync(Use(credentials), "read the Stripe balance",
            (client, token) => client.V1.Balance.GetAsync(cancellationToken: token), ct);
        var totals = new SortedDictionary<(string BalanceType, string Currency), long>();
        void Add(string balanceType, string currency, long amount)
        {
            var key = (balanceType, currency.ToUpperInvariant());
            totals[key] = checked(totals.GetValueOrDefault(key) + amount);
        }
        foreach (var amount in (balance.Available ?? []).Concat(balance.Pending ?? []))
            Add(StripeBalanceTypes.Payments, amount.Currency, amount.Amount);
        foreach (var amount in balance.Issuing?.Available ?? [])
            Add(StripeBalanceTypes.Issuing, amount.Currency, amount.Amount);
        foreach (var amount in balance.RefundAndDisputePrefunding?.Available ?? [])
            Add(StripeBalanceTypes.RefundAndDisputePrefunding, amount.Currency, amount.Amount);
        foreach (var amount in balance.RefundAndDisputePrefunding?.Pending ?? [])
            Add(StripeBalanceTypes.RefundAndDisputePrefunding, amount.Currency, amount.Amount);
        return totals.Select(pair => new StripeBalanceAmount(pair.Key.Currency, pair.Value, CurrencyPrecision.For(pair.Key.Currency), pair.Key.BalanceType)).ToList();
    }

    /// <summary>
    /// One page (100) of balance transactions created in [<paramref name="createdFrom"/>,
    /// <paramref name="createdTo"/>) (Unix seconds), newest first as Stripe lists them, each
    /// with its source object expanded, and the charge behind a refund or dispute expanded too
    /// (its customer, and the pay-in a refund adjusts). Stripe expands only where the source has
    /// that field, as its guide to expanding a payout's balance transactions shows. The customer
    /// behind a charge, payment or the charge of a refund or dispute comes expanded too: each run
    /// sees the customers it meets as Stripe has them now (a changed email, a deletion) at no
    /// extra call. The next page starts after the last item's id.
    /// </summary>
    public Task<StripePage<StripeBalanceTransaction>> ListBalanceTransactionsAsync(
        StripeCredentials credentials, long createdFrom, long createdTo, string? startingAfter, CancellationToken ct)
    {
        var options = new BalanceTransactionListOptions
        {
            Limit = Math.Clamp(gatewayOptions.Value.ListPageSize, 1, PageSize),
            Created = new DateRangeOptions { GreaterThanOrEqual = ToDateTime(createdFrom), LessThan = ToDateTime(createdTo) },
            StartingAfter = startingAfter,
            Expand = ["data.source", "data.source.charge", "data.source.customer", "data.source.charge.customer"],
        };
        return CallAsync(Use(credentials), "list Stripe balance transactions",
            (client, token) => ReadBalanceTransactionsAsync(client, options, token), ct);
    }

    public async Task<StripePage<Customer>> ListCustomersAsync(StripeCredentials credentials, string? email, string? startingAfter, CancellationToken ct)
    {
        var options = new CustomerListOptions { Limit = PageSize, Email = email, StartingAfter = startingAfter };
        var page = await CallAsync(Use(credentials), "list Stripe customers",
            (client, token) => client.V1.Customers.ListAsync(options, cancellationToken: token), ct);
        return new StripePage<Customer>(page.Data ?? [], page.HasMore);
    }

    /// <summary>A customer's details; a deleted customer answers with <c>Deleted = true</c> and nothing else.</summary>
    public async Task<StripeCustomerInfo> GetCustomerAsync(StripeCredentials credentials, string customerId, CancellationToken ct)
    {
        var customer = await CallAsync(Use(credentials), $"read Stripe customer {customerId}",
            (client, token) => client.V1.Customers.GetAsync(customerId, cancellationToken: token), ct);
        return customer.Deleted == true
            ? new StripeCustomerInfo(customerId, null, null, null, Deleted: true)
            : new StripeCustomerInfo(customer.Id, customer.Email, customer.Name, customer.Phone, Deleted: false);
    }

    /// <summary>One page (100) of disputes created at or after <paramref name="createdFrom"/> (Unix seconds), newest first.</summary>
    public async Task<StripePage<Dispute>> ListDisputesAsync(StripeCredentials credentials, long createdFrom, string? startingAfter, CancellationToken ct)
    {
        var options = new DisputeListOptions
        {
            Limit = PageSize,
            Created = new DateRangeOptions { GreaterThanOrEqual = ToDateTime(createdFrom) },
            StartingAfter = startingAfter,
        };
        var page = await CallAsync(Use(credentials), "list Stripe disputes",
            (client, token) => client.V1.Disputes.ListAsync(options, cancellationToken: token), ct);
        return new StripePage<Dispute>(page.Data ?? [], page.HasMore);
    }

    /// <summary>One page (100) of payouts created at or after <paramref name="createdFrom"/> (Unix seconds), newest first.</summary>
    public async Task<StripePage<Payout>> ListPayoutsAsync(StripeCredentials credentials, long createdFrom, string? startingAfter, CancellationToken ct)
    {
        var options = new PayoutListOptions
        {
            Limit = PageSize,
            Created = new DateRangeOptions { GreaterThanOrEqual = ToDateTime(createdFrom) },
            StartingAfter = startingAfter,
        };
        var page = await CallAsync(credentials.SecretKey, "list Stripe payouts",
            (client, token) => client.V1.Payouts.ListAsync(options, cancellationToken: token), ct);
        return new StripePage<Payout>(page.Data ?? [], page.HasMore);
    }

    /// <summary>
    /// One page (100) of the balance transactions an automatic payout paid out, its own among
    /// them (<c>?payout=</c>; complete once the payout's reconciliation_status is completed).
    /// </summary>
    public Task<StripePage<StripeBalanceTransaction>> ListPayoutBalanceTransactionsAsync(
        StripeCredentials credentials, string payoutId, string? startingAfter, CancellationToken ct)
    {
        var options = new BalanceTransactionListOptions { Limit = PageSize, Payout = payoutId, StartingAfter = startingAfter };
        return CallAsync(credentials.SecretKey, $"list the balance transactions of Stripe payout {payoutId}",
            (client, token) => ReadBalanceTransactionsAsync(client, options, token), ct);
    }

    /// <summary>
    /// The request Stripe.net's <c>BalanceTransactions.ListAsync</c> sends (the same path, query
    /// string from the same options, headers, handlers and error answers as a
    /// <see cref="StripeException"/>), with the answer read by the app: Stripe.net's model of these
    /// pages was most of the listing's CPU (see <see cref="BalanceTransactionPageReader"/>).
    /// </summary>
    static async Task<StripePage<StripeBalanceTransaction>> ReadBalanceTransactionsAsync(StripeClient client, BalanceTransactionListOptions options, CancellationToken ct)
    {
        await using var body = await client.RequestStreamingAsync(HttpMethod.Get, "/v1/balance_transactions", options, requestOptions: null, ct);
        try
        {
            return await BalanceTransactionPageReader.ReadAsync(body, ct);
        }
        catch (System.Text.Json.JsonException error)
        {
            // As Stripe.net reports an answer it cannot read; the body is not quoted, since it holds customers' details.
            throw new StripeException(HttpStatusCode.OK, null, $"Invalid response object from API ({error.Message})");
        }
    }

    public Task<Charge> GetChargeAsync(StripeCredentials credentials, string chargeId, CancellationToken ct) =>
        CallAsync(Use(credentials), $"read Stripe charge {chargeId}",
            (client, token) => client.V1.Charges.GetAsync(chargeId, cancellationToken: token), ct);

    /// <summary>
    /// Checks a key before it is saved: Stripe must accept it and let it read the account (the
    /// sync needs the account id). A refusal carries Stripe's reason, in words and without the key.
    /// </summary>
    public async Task<StripeKeyCheck> ValidateKeyAsync(string key, CancellationToken ct)
    {
        if (!StripeKeyFormat.IsWellFormed(key))
            return StripeKeyCheck.Refused("That is not a Stripe secret key. Paste a secret key (sk_test_... or sk_live_...) or a restricted key (rk_...) from the Stripe dashboard.", live: false);
        var live = StripeKeyFormat.IsLive(key);
        try
        {
            var account = await CallAsync(key, "read the Stripe account", (client, token) => client.V1.Accounts.GetSelfAsync(cancellationToken: token), ct);
            _accountIds[StripeKeyFormat.Fingerprint(key)] = account.Id;
            budget.Bind(key, account.Id);
            return StripeKeyCheck.Accepted(account.Id, live);
        }
        catch (StripeCallException error)
        {
            // A refused or unsure key is not kept in memory: a typed key lives only as long as the check.
            Forget(key);
            return error.HttpStatus is >= 400 and < 500 and not 429
                ? StripeKeyCheck.Refused(error.Message, live)
                : StripeKeyCheck.Unreachable(error.Message, live);
        }
    }

    /// <summary>Forgets the client and account id of a key that is no longer used.</summary>
    public void Forget(string key)
    {
        var fingerprint = StripeKeyFormat.Fingerprint(key);
        _clients.TryRemove(fingerprint, out _);
        _accountIds.TryRemove(fingerprint, out _);
        budget.Forget(key);
    }

    /// <summary>The key to call with; a key whose account is known counts against that account's budget.</summary>
    string Use(StripeCredentials credentials)
    {
        var account = credentials.AccountId ?? _accountIds.GetValueOrDefault(StripeKeyFormat.Fingerprint(credentials.SecretKey));
        if (account is not null)
            budget.Bind(credentials.SecretKey, account);
        return credentials.SecretKey;
    }

    StripeClient ClientFor(string key) =>
        _clients.GetOrAdd(StripeKeyFormat.Fingerprint(key), _ => new StripeClient(new StripeClientOptions
        {
            ApiKey = key,
            ApiBase = settings.StripeApiBase.ToString().TrimEnd('/'),
            // Retries belong to the resilience handlers of the "stripe" HttpClient, not to Stripe.net.
            HttpClient = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName), maxNetworkRetries: 0, enableTelemetry: false),
        }));

    async Task<T> CallAsync<T>(string key, string what, Func<StripeClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call(ClientFor(key), ct);
        }
        catch (StripeException error)
        {
            throw Explain(error, what, key);
        }
        catch (TimeoutRejectedException)
        {
            throw new StripeCallException($"Could not {what}: Stripe did not answer in time, even after retrying.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new StripeCallException($"Could not {what}: Stripe did not answer in time, even after retrying.");
        }
        catch (HttpRequestException error)
        {
            throw new StripeCallException($"Could not {what}: Stripe could not be reached ({StripeKeyFormat.Scrub(error.Message, key)}).");
        }
    }

    /// <summary>A non-JSON answer puts Stripe's whole body in the message: keep one short line of it.</summary>
    static string OneLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "...";
    }

    static StripeCallException Explain(StripeException error, string what, string key)
    {
        var status = (int)error.HttpStatusCode;
        var reason = OneLine(StripeKeyFormat.Scrub(error.StripeError?.Message ?? error.Message ?? "no reason given", key)).TrimEnd('.');
        var message = error.HttpStatusCode switch
        {
            HttpStatusCode.Unauthorized => $"Stripe refused the key: {reason}.",
            HttpStatusCode.Forbidden => $"The Stripe key is not allowed to {what}: {reason}.",
            HttpStatusCode.TooManyRequests => $"Could not {what}: Stripe kept answering \"too many requests\", even after waiting and retrying.",
            HttpStatusCode.NotFound => $"Could not {what}: Stripe has no such object ({reason}).",
            _ when status >= 500 => $"Could not {what}: Stripe had a problem (HTTP {status}), even after retrying: {reason}.",
            _ => $"Could not {what}: Stripe answered HTTP {status}: {reason}.",
        };
        return new StripeCallException(message, status, error.StripeError?.Code, error.StripeError?.Type);
    }

    static DateTime ToDateTime(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime;
}
