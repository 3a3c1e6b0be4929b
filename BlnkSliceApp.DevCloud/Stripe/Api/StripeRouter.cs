using System.Buffers;
using System.Text.Json;
using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Seeding;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>
/// Serves <c>/v1</c>: faults first (a real outage does not check keys), then the account's rate
/// limit (requests with any of its keys), then the key's permission, then the resource. Only
/// reads exist; the sync never writes to Stripe.
/// </summary>
public sealed class StripeRouter(StripeAccountState account, ApiKeys keys, FaultInjector faults, AccountRateLimit rateLimit, CancellationToken stopping)
{
    public static readonly IReadOnlyList<string> ResourceNames =
        ["account", "balance", .. Resources.ByName.Keys];

    const string DefaultApiVersion = "2025-09-30.clover";
    readonly IdGenerator _requestIds = new(new Random());
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, AccountRateLimit> _merchantLimits = new(StringComparer.Ordinal);
    long _requests;

    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>The crash proof's trap: the app dies with the matching call in flight.</summary>
    public CallTrap Trap { get; } = new();

    /// <summary>Faults injected so far (429s, errors, time-outs).</summary>
    public long FaultsInjected => faults.InjectedCount;

    public async Task HandleAsync(HttpContext context, string path)
    {
        Interlocked.Increment(ref _requests);
        var response = context.Response;
        lock (_requestIds) response.Headers["Request-Id"] = _requestIds.Next("req_", 14);
        response.Headers["Stripe-Version"] = context.Request.Headers["Stripe-Version"].FirstOrDefault() ?? DefaultApiVersion;

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        FaultKind fault;
        try
        {
            fault = await faults.DrawAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return;
        }
        if (fault != FaultKind.None)
        {
            await SendFaultAsync(context, fault);
            return;
        }
        if (Trap.Catches(context.Request) is not null)
        {
            // Stripe's calls are reads: either moment is "in flight".
            await Trap.SpringAsync(context);
            return;
        }

        if (keys.Identifies(context.Request) && !LimitOf(keys.AccountOf(context.Request)).TryAdmit())
        {
            // Stripe documents no Retry-After or Stripe-Should-Retry for its rate limiter: clients back off.
            await JsonResponse.SendErrorAsync(context, new StripeApiException(429, "invalid_request_error",
                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.", "rate_limit"));
            return;
        }

        try
        {
            var body = Route(context, path, out var status, out var expandedObjects);
            await ExpansionCostAsync(expandedObjects, linked.Token);
            await JsonResponse.SendAsync(context, status, body);
        }
        catch (StripeApiException error)
        {
            await JsonResponse.SendErrorAsync(context, error);
        }
        catch (ExpansionException error)
        {
            await JsonResponse.SendErrorAsync(context, StripeApiException.BadRequest(error.Message, "expand"));
        }
    }

    /// <summary>Each merchant's account has its own limit, as many requests a second as the emulated account's.</summary>
    AccountRateLimit LimitOf(string accountId) =>
        accountId == account.AccountId ? rateLimit
        : _merchantLimits.GetOrAdd(accountId, _ => new AccountRateLimit { RequestsPerSecond = rateLimit.RequestsPerSecond });

    /// <summary>Turned away by every merchant's own limit (<see cref="ApiKeys.RegisterMerchantKey"/>), and the most any one of them saw in a second.</summary>
    public (long Limited, int PeakPerSecond) MerchantFigures() =>
        (_merchantLimits.Values.Sum(limit => limit.Limited), _merchantLimits.Values.Select(limit => limit.PeakPerSecond).DefaultIfEmpty(0).Max());

    /// <summary>Stripe's per-object share of a list answer's time (see <see cref="FaultPlan.LatencyPerExpandedObjectMicros"/>).</summary>
    async Task ExpansionCostAsync(int expandedObjects, CancellationToken ct)
    {
        var micros = (long)expandedObjects * faults.Plan.LatencyPerExpandedObjectMicros;
        if (micros <= 0) return;
        try { await Task.Delay(TimeSpan.FromMicroseconds(micros), ct); }
        catch (OperationCanceledException) { }
    }

    ArrayBufferWriter<byte> Route(HttpContext context, string path, out int status, out int expandedObjects)
    {
        status = 200;
        expandedObjects = 0;
        var request = context.Request;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // ["v1", resource, id?]
        if (!HttpMethods.IsGet(request.Method) || segments.Length is < 2 or > 3)
            throw StripeApiException.UnrecognizedUrl(request.Method, path);

        var name = segments[1];
        var id = segments.Length == 3 ? segments[2] : null;
        switch (name)
        {
            case "balance" when id is null:
                keys.Authorize(request, "balance");
                StripeQuery.Parse(request.Query, filters: null);
                return JsonResponse.Render(json => AccountDocuments.WriteBalance(json, account.Balance()));
            case "account" when id is null:
            case "accounts" when id is not null:
                keys.Authorize(request, "account");
                StripeQuery.Parse(request.Query, filters: null);
                var accountId = keys.AccountOf(request);
                if (id is not null && id != accountId)
                    throw StripeApiException.NotFound("account", id);
                return JsonResponse.Render(json => AccountDocuments.WriteAccount(json, accountId, account.Anchor - 400 * StripeAccountState.Day));
        }

        if (!Resources.ByName.TryGetValue(name, out var resource))
            throw StripeApiException.UnrecognizedUrl(request.Method, path);
        keys.Authorize(request, resource.Name);
        return id is null ? List(request, resource, out expandedObjects) : Retrieve(request, resource, id);
    }

    ArrayBufferWriter<byte> List(HttpRequest request, Resource resource, out int expandedObjects)
    {
        var query = StripeQuery.Parse(request.Query, resource.FilterNames);
        var expand = ListExpansion(query.Expand);
        var listed = 0;
        var body = account.Read(() =>
        {
            var (page, hasMore) = Pager.Page(resource.Table(account), query, resource.Noun, Include(resource, query));
            listed = page.Count;
            return JsonResponse.Render(json =>
            {
                var writer = new ObjectWriter(json, account.Resolve, account.Now);
                json.WriteStartObject();
                json.WriteString("object", "list");
                json.WriteStartArray("data");
                foreach (var record in page) writer.WriteObject(record, expand);
                json.WriteEndArray();
                json.WriteBoolean("has_more", hasMore);
                json.WriteString("url", "/v1/" + resource.Name);
                json.WriteEndObject();
            });
        });
        expandedObjects = query.Expand.Count > 0 ? listed : 0;
        return body;
    }

    /// <summary>
    /// Which records a list shows. <c>?payout=</c> names an automatic payout and lists its own
    /// transaction, and the ones it paid out once its reconciliation is completed; Stripe refuses
    /// it for an unknown or a manual payout. Called under the account's lock.
    /// </summary>
    Func<StripeRecord, bool> Include(Resource resource, StripeQuery query)
    {
        if (resource.Name != "balance_transactions" || !query.Filters.TryGetValue("payout", out var payoutId))
            return record => resource.Matches(record, query.Filters);
        var payout = account.PayoutTable.Find(payoutId)
            ?? throw StripeApiException.BadRequest($"No such payout: '{payoutId}'", "payout", "resource_missing");
        if (!payout.Automatic)
            throw StripeApiException.BadRequest(
                $"Balance transactions can only be filtered by automatic payouts; {payoutId} is a manual payout.", "payout");
        return record => resource.Matches(record, query.Filters) && account.IsListedInPayout((BalanceTransactionRecord)record, payout);
    }

    ArrayBufferWriter<byte> Retrieve(HttpRequest request, Resource resource, string id)
    {
        var query = StripeQuery.Parse(request.Query, filters: null);
        var expand = Expansion.Parse(query.Expand);
        return account.Read(() =>
        {
            var record = resource.Table(account).Find(id) ?? throw StripeApiException.NotFound(resource.Noun, id);
            return JsonResponse.Render(json => new ObjectWriter(json, account.Resolve, account.Now).WriteObject(record, expand));
        });
    }

    /// <summary>On a list every expansion names a field of the items, so it must start with <c>data.</c>.</summary>
    static Expansion ListExpansion(IEnumerable<string> paths) => Expansion.Parse(paths.Select(path =>
        path.StartsWith("data.", StringComparison.Ordinal) && path.Length > 5
            ? path[5..]
            : throw StripeApiException.BadRequest($"This property cannot be expanded ({path}).", "expand")));

    async Task SendFaultAsync(HttpContext context, FaultKind fault)
    {
        var response = context.Response;
        switch (fault)
        {
            case FaultKind.Timeout:
                // The client has given up or the hold is over: drop the connection without an answer.
                context.Abort();
                return;
            case FaultKind.TooManyRequests:
                response.Headers.RetryAfter = faults.Plan.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (faults.Plan.StripeShouldRetry is { } shouldRetry)
                    response.Headers["Stripe-Should-Retry"] = shouldRetry ? "true" : "false";
                await JsonResponse.SendErrorAsync(context, new StripeApiException(429, "invalid_request_error",
                    "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.", "rate_limit"));
                return;
            case FaultKind.Error503:
                await JsonResponse.SendErrorAsync(context, new StripeApiException(503, "api_error",
                    "Stripe is temporarily unavailable. Please try again later."));
                return;
            default:
                await JsonResponse.SendErrorAsync(context, new StripeApiException(500, "api_error",
                    "An unknown error occurred"));
                return;
        }
    }
}
