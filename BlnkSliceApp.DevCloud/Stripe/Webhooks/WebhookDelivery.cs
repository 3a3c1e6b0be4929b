using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;

namespace BlnkSliceApp.DevCloud.Stripe.Webhooks;

/// <summary>
/// Delivers the account's events to its webhook endpoints as Stripe does: a POST of the event's
/// JSON signed with the endpoint's secret (a fresh timestamp on every attempt), success being
/// any 2xx within the time-out, and retries with growing delays after a failure
/// (<see cref="RetryDelays"/>, Stripe's hours shortened to seconds). <see cref="LoseNext"/> drops
/// the next events before any attempt, as a network or Stripe outage would.
/// </summary>
public sealed class WebhookDelivery : IAsyncDisposable
{
    readonly Channel<(StripeEvent Event, WebhookEndpoint Endpoint, int Attempt)> _queue = Channel.CreateUnbounded<(StripeEvent, WebhookEndpoint, int)>();
    readonly ConcurrentQueue<WebhookAttempt> _attempts = new();
    readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(10) };
    readonly CancellationTokenSource _stopping = new();
    readonly TimeProvider _clock;
    readonly Task _loop;
    int _loseNext;
    long _pending;

    const int KeptAttempts = 500;

    public WebhookDelivery(TimeProvider clock)
    {
        _clock = clock;
        _loop = Task.Run(DeliverAsync);
    }

    /// <summary>Delays before the second, third, ... attempt; after the last, Stripe gives up.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60)];

    /// <summary>How many of the next events are dropped (for every endpoint); each event dropped counts one.</summary>
    public int LoseNext
    {
        get => Volatile.Read(ref _loseNext);
        set => Volatile.Write(ref _loseNext, Math.Max(0, value));
    }

    /// <summary>Attempts, newest last.</summary>
    public IReadOnlyList<WebhookAttempt> Attempts => _attempts.ToArray();

    /// <summary>Deliveries queued, in flight or waiting for a retry.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Called with the account's lock held: only queues.</summary>
    internal void Enqueue(StripeEvent stripeEvent, IReadOnlyList<WebhookEndpoint> endpoints)
    {
        var wanting = endpoints.Where(endpoint => endpoint.Wants(stripeEvent.Type)).ToList();
        if (wanting.Count == 0)
            return;
        if (TryLose())
        {
            foreach (var endpoint in wanting)
                Record(new WebhookAttempt(stripeEvent.Id, stripeEvent.Type, endpoint.Id, 0, null, "lost", _clock.GetUtcNow()));
            return;
        }
        foreach (var endpoint in wanting)
        {
            Interlocked.Increment(ref _pending);
            _queue.Writer.TryWrite((stripeEvent, endpoint, 1));
        }
    }

    bool TryLose()
    {
        while (true)
        {
            var lose = Volatile.Read(ref _loseNext);
            if (lose <= 0) return false;
            if (Interlocked.CompareExchange(ref _loseNext, lose - 1, lose) == lose) return true;
        }
    }

    async Task DeliverAsync()
    {
        try
        {
            await foreach (var (stripeEvent, endpoint, attempt) in _queue.Reader.ReadAllAsync(_stopping.Token))
                await AttemptAsync(stripeEvent, endpoint, attempt);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    async Task AttemptAsync(StripeEvent stripeEvent, WebhookEndpoint endpoint, int attempt)
    {
        int? status = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
            {
                Content = new StringContent(stripeEvent.Json, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", WebhookSignature.Header(endpoint.Secret, stripeEvent.Json, _clock.GetUtcNow().ToUnixTimeSeconds()));
            request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
            using var response = await _http.SendAsync(request, _stopping.Token);
            status = (int)response.StatusCode;
        }
        catch (Exception) when (!_stopping.IsCancellationRequested)
        {
            // No answer (refused, timed out): a failure like any non-2xx.
        }
        if (status is >= 200 and < 300)
        {
            Record(new WebhookAttempt(stripeEvent.Id, stripeEvent.Type, endpoint.Id, attempt, status, "delivered", _clock.GetUtcNow()));
            Interlocked.Decrement(ref _pending);
            return;
        }
        if (attempt > RetryDelays.Count)
        {
            Record(new WebhookAttempt(stripeEvent.Id, stripeEvent.Type, endpoint.Id, attempt, status, "gave up", _clock.GetUtcNow()));
            Interlocked.Decrement(ref _pending);
            return;
        }
        var delay = RetryDelays[attempt - 1];
        Record(new WebhookAttempt(stripeEvent.Id, stripeEvent.Type, endpoint.Id, attempt, status, $"failed, retried in {delay.TotalSeconds:0} s", _clock.GetUtcNow()));
        _ = RetryLaterAsync(stripeEvent, endpoint, attempt + 1, delay);
    }

    async Task RetryLaterAsync(StripeEvent stripeEvent, WebhookEndpoint endpoint, int attempt, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping.Token);
            _queue.Writer.TryWrite((stripeEvent, endpoint, attempt));
        }
        catch (OperationCanceledException)
        {
        }
    }

    void Record(WebhookAttempt attempt)
    {
        _attempts.Enqueue(attempt);
        while (_attempts.Count > KeptAttempts && _attempts.TryDequeue(out _)) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        try { await _loop; } catch (Exception) { /* stopping: an attempt cut short */ }
        _http.Dispose();
        _stopping.Dispose();
    }
}
