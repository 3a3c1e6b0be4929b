using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// One request budget per Stripe account and mode, shared by every key and every run of that
/// account: Stripe limits requests per account (100/s live, 25/s in test mode, and each
/// endpoint 25/s by default), so a budget per key would let several installs of one account,
/// or one sync next to the merchant's own checkout, exceed it together. A request counts
/// against its account (and its endpoint) from the moment it is sent until one second after
/// its answer came: Stripe counts it when it arrives, somewhere in between, so no one-second
/// window at Stripe can see more than the budget however slow the network or the machine.
/// Each endpoint also has a cap on requests in flight, and a 429 stops the whole account for
/// as long as Stripe asked. A key counts under its account once the gateway knows which
/// account it belongs to (before that, only the one call that asks Stripe, under the key
/// itself). Wall-clock time on purpose: these are Stripe's seconds, not a test clock's.
/// </summary>
public sealed class StripeAccountBudget(IOptions<StripeGatewayOptions> options)
{
    static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    /// <summary>How often the first waiter looks again while every counted request is still in flight.</summary>
    static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(20);

    readonly TimeProvider _time = TimeProvider.System;
    readonly ConcurrentDictionary<string, string> _accountOfKey = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Window> _accounts = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Window> _endpoints = new(StringComparer.Ordinal);

    /// <summary>From now on the key's calls count against its account's budget.</summary>
    public void Bind(string key, string accountId)
    {
        if (!string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(accountId))
            _accountOfKey[StripeKeyFormat.Fingerprint(key)] = accountId;
    }

    /// <summary>Forgets a key that is no longer used (its account's budget stays).</summary>
    public void Forget(string key) => _accountOfKey.TryRemove(StripeKeyFormat.Fingerprint(key), out _);

    /// <summary>The budget a key's calls count against: "acct_...:live", or the key's own before its account is known.</summary>
    public string PartitionOf(string key)
    {
        var mode = StripeKeyFormat.IsLive(key) ? "live" : "test";
        var fingerprint = StripeKeyFormat.Fingerprint(key);
        return _accountOfKey.TryGetValue(fingerprint, out var account) ? $"{account}:{mode}" : $"key {fingerprint[..16]}:{mode}";
    }

    /// <summary>
    /// How many listings of one account may page side by side. A request holds its place in the
    /// budget while Stripe answers and one second more, so each listing uses about a sixth of
    /// the budget per second at Stripe's answer time; a quarter of the budget as listings leaves
    /// the rest to the customers, charges and payouts the same run asks for.
    /// </summary>
    public int ConcurrentListings(string key)
    {
        var settings = options.Value;
        var perSecond = StripeKeyFormat.IsLive(key) ? settings.LiveRequestsPerSecond : settings.TestRequestsPerSecond;
        return Math.Clamp(perSecond / 4, 1, Math.Max(1, settings.EndpointConcurrency));
    }

    /// <summary>
    /// Waits until one more request of <paramref name="key"/> to <paramref name="endpoint"/> fits
    /// the account's and the endpoint's budgets. Dispose the lease when the answer is in.
    /// </summary>
    public async ValueTask<IDisposable> AcquireAsync(string key, string endpoint, CancellationToken ct)
    {
        var partition = PartitionOf(key);
        var settings = options.Value;
        var account = _accounts.GetOrAdd(partition, _ =>
            new Window(Math.Max(1, StripeKeyFormat.IsLive(key) ? settings.LiveRequestsPerSecond : settings.TestRequestsPerSecond), concurrency: null));
        var route = _endpoints.GetOrAdd($"{partition} {endpoint}", _ =>
            new Window(Math.Max(1, settings.EndpointRequestsPerSecond), Math.Max(1, settings.EndpointConcurrency)));

        await route.InFlight!.WaitAsync(ct);
        try
        {
            // The endpoint's turn first, then the account's: a request waiting for a busy endpoint
            // does not hold up the account's other endpoints. Once both have room the request
            // takes its place in both at once, as it is sent; while this waiter holds the
            // endpoint's turn nobody else can take the endpoint's room.
            await route.Turn.WaitAsync(ct);
            try
            {
                await WaitForRoomAsync(route, ct);
                await account.Turn.WaitAsync(ct);
                try
                {
                    await WaitForRoomAsync(account, ct);
                    return new Lease(_time, account, account.Take(), route, route.Take());
                }
                finally
                {
                    account.Turn.Release();
                }
            }
            finally
            {
                route.Turn.Release();
            }
        }
        catch
        {
            route.InFlight.Release();
            throw;
        }
    }

    /// <summary>Stripe answered 429 to this key: nobody of its account sends anything for <paramref name="wait"/>.</summary>
    public void Pause(string key, TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero || !_accounts.TryGetValue(PartitionOf(key), out var account)) return;
        var until = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
        lock (account.Slots) account.PausedUntil = Math.Max(account.PausedUntil, until);
    }

    async Task WaitForRoomAsync(Window window, CancellationToken ct)
    {
        while (true)
        {
            var wait = window.WaitBeforeNext(_time.GetTimestamp(), _time);
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait, _time, ct);
        }
    }

    /// <summary>The requests that still count against one account or endpoint.</summary>
    sealed class Window(int limit, int? concurrency)
    {
        public List<Slot> Slots { get; } = [];
        public SemaphoreSlim Turn { get; } = new(1, 1);
        public SemaphoreSlim? InFlight { get; } = concurrency is { } n ? new SemaphoreSlim(n, n) : null;
        public long PausedUntil { get; set; }

        public TimeSpan WaitBeforeNext(long now, TimeProvider time)
        {
            lock (Slots)
            {
                if (PausedUntil > now)
                    return time.GetElapsedTime(now, PausedUntil);
                Slots.RemoveAll(slot => slot.AnsweredAt is { } answered && time.GetElapsedTime(answered, now) >= Second);
                if (Slots.Count < limit)
                    return TimeSpan.Zero;
                var answered = Slots.Where(slot => slot.AnsweredAt is not null).Select(slot => slot.AnsweredAt!.Value).ToList();
                return answered.Count == 0 ? InFlightPoll : Second - time.GetElapsedTime(answered.Min(), now);
            }
        }

        public Slot Take()
        {
            var slot = new Slot();
            lock (Slots) Slots.Add(slot);
            return slot;
        }

        public void Answered(Slot slot, long at)
        {
            lock (Slots) slot.AnsweredAt = at;
        }
    }

    /// <summary>One request: in flight until <see cref="AnsweredAt"/> is set, then counted for one more second.</summary>
    sealed class Slot
    {
        public long? AnsweredAt { get; set; }
    }

    sealed class Lease(TimeProvider time, Window account, Slot accountSlot, Window route, Slot routeSlot) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            var now = time.GetTimestamp();
            account.Answered(accountSlot, now);
            route.Answered(routeSlot, now);
            route.InFlight!.Release();
        }
    }

    /// <summary>
    /// Stripe counts each named operation as one endpoint: <c>GET /v1/customers/{id}</c> for
    /// every customer id. Path segments after a resource name are ids.
    /// </summary>
    public static string EndpointOf(HttpMethod method, Uri? uri)
    {
        var segments = (uri?.AbsolutePath ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var v1 = Array.IndexOf(segments, "v1");
        var template = segments.Select((segment, i) => v1 >= 0 && i > v1 && (i - v1) % 2 == 0 ? "{id}" : segment);
        return $"{method.Method} /{string.Join('/', template)}";
    }
}

/// <summary>
/// Every attempt to Stripe (retries included: it sits inside the retry handler) waits for its
/// account's budget; a 429 stops the account for the time Stripe's Retry-After names (a second
/// when it names none), since Stripe limits the account, not the one request.
/// </summary>
public sealed class StripeBudgetHandler(StripeAccountBudget budget, Telemetry.SyncMetrics metrics) : DelegatingHandler
{
    static readonly TimeSpan PauseWithoutRetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Headers.Authorization?.Parameter;
        if (string.IsNullOrEmpty(key))
            return await base.SendAsync(request, cancellationToken);
        using var lease = await budget.AcquireAsync(key, StripeAccountBudget.EndpointOf(request.Method, request.RequestUri), cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode == 429)
        {
            metrics.StripeRateLimited();
            budget.Pause(key, StripeRetry.RetryAfter(response) ?? PauseWithoutRetryAfter);
        }
        return response;
    }
}
