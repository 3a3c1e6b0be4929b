using System.Diagnostics;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>
/// Stripe's basic rate limiter for the one emulated account: at most <see cref="RequestsPerSecond"/>
/// requests (every key of the account together) in any one-second window; the rest get
/// Stripe's 429 with code <c>rate_limit</c>. Test mode allows 25/s; 0 turns the limit off.
/// It also measures what the account received: the most requests in any one second, and how
/// many were turned away, so a test can show that a client kept inside its budget.
/// </summary>
public sealed class AccountRateLimit
{
    public const int TestModeRequestsPerSecond = 25;
    public const int MaxRequestsPerSecond = 10_000;

    readonly Lock _gate = new();
    readonly Queue<long> _admitted = new();
    readonly Queue<long> _arrived = new();
    int _requestsPerSecond = TestModeRequestsPerSecond;
    int _peak;
    long _limited;

    public int RequestsPerSecond
    {
        get { lock (_gate) return _requestsPerSecond; }
        set
        {
            if (value is < 0 or > MaxRequestsPerSecond)
                throw new ArgumentOutOfRangeException(nameof(value), $"requests_per_second must be between 0 (no limit) and {MaxRequestsPerSecond}.");
            lock (_gate) _requestsPerSecond = value;
        }
    }

    /// <summary>The most requests the account received within any one second since the last reset.</summary>
    public int PeakPerSecond
    {
        get { lock (_gate) return _peak; }
    }

    /// <summary>Requests answered 429 by this limiter since the last reset.</summary>
    public long Limited
    {
        get { lock (_gate) return _limited; }
    }

    /// <summary>Counts one request of the account; false when it is over the limit and must be refused.</summary>
    public bool TryAdmit()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            Trim(_arrived, now);
            _arrived.Enqueue(now);
            _peak = Math.Max(_peak, _arrived.Count);

            Trim(_admitted, now);
            if (_requestsPerSecond > 0 && _admitted.Count >= _requestsPerSecond)
            {
                _limited++;
                return false;
            }
            _admitted.Enqueue(now);
            return true;
        }
    }

    public void ResetFigures()
    {
        lock (_gate)
        {
            _peak = 0;
            _limited = 0;
            _arrived.Clear();
        }
    }

    public RateLimitFigures Figures()
    {
        lock (_gate) return new RateLimitFigures(_requestsPerSecond, _peak, _limited);
    }

    static void Trim(Queue<long> window, long now)
    {
        while (window.Count > 0 && Stopwatch.GetElapsedTime(window.Peek(), now) >= TimeSpan.FromSeconds(1))
            window.Dequeue();
    }
}

public sealed record RateLimitFigures(int RequestsPerSecond, int PeakPerSecond, long Limited);
