namespace BlnkSliceApp.DevCloud.Faults;

public enum FaultKind { None, Error500, Error503, TooManyRequests, Timeout }

/// <summary>
/// Applies a <see cref="FaultPlan"/> to one request. Each emulator writes its own error
/// body (Cloud's or Stripe's shape), so this only decides and delays; the caller renders.
/// </summary>
public sealed class FaultInjector(FaultPlan plan, int seed = 0)
{
    readonly Random _random = seed == 0 ? new Random() : new Random(seed);
    readonly Lock _gate = new();

    public FaultPlan Plan => plan;

    public long InjectedCount => Interlocked.Read(ref _injected);
    long _injected;

    /// <summary>Waits the configured latency, then draws which fault (if any) this request gets.</summary>
    public async Task<FaultKind> DrawAsync(CancellationToken ct)
    {
        if (plan.LatencyMs > 0)
            await Task.Delay(plan.LatencyMs, ct);

        double roll;
        lock (_gate) roll = _random.NextDouble();

        var kind = Pick(roll);
        if (kind != FaultKind.None)
            Interlocked.Increment(ref _injected);
        if (kind == FaultKind.Timeout)
        {
            // Hold the request past any sane client time-out, then let the caller abort it.
            try { await Task.Delay(plan.TimeoutHoldMs, ct); } catch (OperationCanceledException) { }
        }
        return kind;
    }

    /// <summary>Whether this write's answer is lost after it was carried out.</summary>
    public bool LoseAnswer(bool isBulk)
    {
        lock (_gate)
        {
            if (isBulk && plan.LoseNextBulkAnswers > 0)
            {
                plan.LoseNextBulkAnswers--;
                return true;
            }
            return plan.RateLostAnswer > 0 && _random.NextDouble() < plan.RateLostAnswer;
        }
    }

    public long LostAnswerCount => Interlocked.Read(ref _lost);
    long _lost;

    /// <summary>Of <see cref="LostAnswerCount"/>, the answers of bulk posts.</summary>
    public long LostBulkAnswerCount => Interlocked.Read(ref _lostBulk);
    long _lostBulk;

    internal void CountLost(bool isBulk)
    {
        Interlocked.Increment(ref _lost);
        if (isBulk) Interlocked.Increment(ref _lostBulk);
    }

    FaultKind Pick(double roll)
    {
        var edge = plan.Rate500;
        if (roll < edge) return FaultKind.Error500;
        edge += plan.Rate503;
        if (roll < edge) return FaultKind.Error503;
        edge += plan.Rate429;
        if (roll < edge) return FaultKind.TooManyRequests;
        edge += plan.RateTimeout;
        if (roll < edge) return FaultKind.Timeout;
        return FaultKind.None;
    }
}
