using System.Text.Json;
using System.Text.Json.Serialization;
using BlnkSliceApp.DevCloud.Faults;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>
/// <c>/_devcloud/...</c>: the emulator's own controls, outside Stripe's URL space so the app
/// can never reach them by accident. Bodies are JSON in Stripe's snake_case.
/// </summary>
public sealed partial class ControlEndpoints(StripeAccountState account, FaultPlan faults, AccountRateLimit rateLimit, Func<long> requestCount)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public async Task HandleAsync(HttpContext context, string path)
    {
        try
        {
            await RouteAsync(context, path);
        }
        catch (Exception error) when (error is JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            var status = error is KeyNotFoundException ? 404 : 400;
            await SendAsync(context, status, new { error = new { message = Readable(error) } });
        }
    }

    static string Readable(Exception error) => error switch
    {
        ArgumentOutOfRangeException range => range.Message.Split(" (Parameter")[0],
        JsonException json => "The body is not valid JSON for this control: " + json.Message.Split(" Path:")[0],
        _ => error.Message,
    };

    async Task RouteAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // ["_devcloud", ...]
        var route = string.Join('/', segments.Skip(1));
        object? body = (method, route) switch
        {
            ("GET", "summary") => Summary(),
            ("GET", "faults") => faults,
            ("PUT" or "POST", "faults") => SetFaults(await ReadAsync<FaultPlan>(context) ?? new FaultPlan()),
            ("DELETE", "faults") => ResetFaults(),
            ("GET", "rate_limit") => rateLimit.Figures(),
            ("PUT" or "POST", "rate_limit") => SetRateLimit(await ReadAsync<RateLimitRequest>(context) ?? new()),
            ("POST", "activity") => account.AddActivity(await ReadAsync<StripeActivityRequest>(context) ?? new()),
            ("POST", "generate") => Generate(await ReadAsync<GenerateRequest>(context) ?? new()),
            ("POST", _) when segments.Length == 4 && segments[1] == "payouts" && segments[3] == "fail" =>
                new { balance_transaction = account.FailPayout(segments[2]).Id },
            ("POST", _) when segments.Length == 4 && segments[1] == "payouts" && segments[3] == "status" =>
                SetPayoutStatus(segments[2], await ReadAsync<PayoutStatusRequest>(context)
                    ?? throw new ArgumentException("The body must name the new status, for example {\"status\": \"paid\"}.")),
            ("POST", _) when segments.Length == 4 && segments[1] == "payouts" && segments[3] == "reconcile" =>
                CompleteReconciliation(segments[2]),
            ("DELETE", _) when segments.Length == 3 && segments[1] == "customers" => DeleteCustomer(segments[2]),
            ("POST", _) when segments.Length == 3 && segments[1] == "customers" => UpdateCustomer(segments[2], await ReadAsync<CustomerUpdateRequest>(context)),
            ("POST", "disputes") => OpenDispute(await ReadAsync<DisputeOpenRequest>(context)),
            ("POST", "balance_transactions/unmapped") => AddUnmapped(await ReadAsync<UnmappedRequest>(context) ?? new()),
            ("POST", _) when segments.Length == 4 && segments[1] == "disputes" && segments[3] == "status" =>
                MoveDispute(segments[2], await ReadAsync<DisputeStatusRequest>(context)),
            _ when segments.Length >= 2 && segments[1] is "webhook_endpoints" or "webhooks" => await WebhookRouteAsync(context, method, segments),
            _ => null,
        };
        if (body is null)
            await SendAsync(context, 404, new { error = new { message = $"Unknown control: {method} {path}" } });
        else
            await SendAsync(context, 200, body);
    }

    object Summary() => new
    {
        account = account.AccountId,
        counts = account.Counts,
        balance = account.Balance(),
        requests = requestCount(),
        rate_limit = rateLimit.Figures(),
        faults,
    };

    FaultPlan SetFaults(FaultPlan plan)
    {
        Validate(plan);
        faults.CopyFrom(plan);
        return faults;
    }

    object DeleteCustomer(string id)
    {
        account.DeleteCustomer(id);
        return new { id, deleted = true };
    }

    /// <summary>Sets the account's limit (when given) and starts measuring afresh.</summary>
    RateLimitFigures SetRateLimit(RateLimitRequest request)
    {
        if (request.RequestsPerSecond is { } perSecond)
            rateLimit.RequestsPerSecond = perSecond;
        rateLimit.ResetFigures();
        return rateLimit.Figures();
    }

    sealed record RateLimitRequest
    {
        public int? RequestsPerSecond { get; init; }
    }

    PayoutStatusChange SetPayoutStatus(string payoutId, PayoutStatusRequest request) =>
        account.SetPayoutStatus(payoutId, request.Status ?? throw new ArgumentException("status is required."),
            request.FailureCode ?? "account_closed", request.ArrivalDate);

    object CompleteReconciliation(string payoutId)
    {
        account.CompletePayoutReconciliation(payoutId);
        return new { id = payoutId, reconciliation_status = "completed" };
    }

    FaultPlan ResetFaults()
    {
        faults.Reset();
        return faults;
    }

    static async Task SendAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), Json, context.RequestAborted);
    }

    public static void Validate(FaultPlan plan)
    {
        double[] rates = [plan.Rate500, plan.Rate503, plan.Rate429, plan.RateTimeout];
        if (rates.Any(r => r is < 0 or > 1 || double.IsNaN(r)) || rates.Sum() > 1.000001)
            throw new ArgumentException("Fault rates are shares between 0 and 1, and together at most 1.");
        if (plan.LatencyMs is < 0 or > 120_000 || plan.TimeoutHoldMs is < 0 or > 600_000 || plan.RetryAfterSeconds is < 0 or > 3_600)
            throw new ArgumentException("latency_ms must be 0..120000, timeout_hold_ms 0..600000, retry_after_seconds 0..3600.");
        if (plan.LatencyPerExpandedObjectMicros is < 0 or > 100_000)
            throw new ArgumentException("latency_per_expanded_object_micros must be 0..100000.");
    }

    LargeAccountResult Generate(GenerateRequest request) =>
        account.GenerateLarge(request.BalanceTransactions, request.Customers);

    static async Task<T?> ReadAsync<T>(HttpContext context) where T : class
    {
        if (context.Request.ContentLength is 0 or null && !context.Request.Headers.ContainsKey("Transfer-Encoding"))
            return null;
        return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted);
    }

    object AddUnmapped(UnmappedRequest request)
    {
        var txn = account.AddUnmappedActivity(request.Category, request.Currency ?? "usd", request.Amount ?? 1_234);
        return new { balance_transaction = txn.Id, reporting_category = txn.ReportingCategory, amount = txn.Amount, currency = txn.Currency };
    }

    sealed record UnmappedRequest
    {
        public string? Category { get; init; }
        public string? Currency { get; init; }
        public long? Amount { get; init; }
    }

    sealed record PayoutStatusRequest
    {
        public string? Status { get; init; }
        public string? FailureCode { get; init; }
        public long? ArrivalDate { get; init; }
    }

    sealed record GenerateRequest
    {
        public int BalanceTransactions { get; init; } = 10_000;
        public int Customers { get; init; } = 1_000;
    }
}
