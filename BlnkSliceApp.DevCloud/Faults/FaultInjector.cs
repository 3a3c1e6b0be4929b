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

    // Per install, the references of a bulk call whose answer was lost, while the app settles it:
    // until it looks up or posts a reference outside them (its next batch, or payout tagging).
    readonly Dictionary<string, HashSet<string>> _settling = new(StringComparer.Ordinal);
    long _settlingLookUps;

    /// <summary>
    /// Reference look-ups (<c>reference_eq</c>, <c>reference_in</c>) that settled lost bulk answers:
    /// those naming only postings of the lost call, between its loss and the install's next look-up
    /// or bulk post of anything else. Attempts failed on purpose (and tried again) are not counted.
    /// </summary>
    public long SettlingLookUpCount => Interlocked.Read(ref _settlingLookUps);

    /// <summary>Whether the install has a lost bulk answer being settled.</summary>
    internal bool IsSettling(string installedAppId)
    {
        lock (_gate) return _settling.ContainsKey(installedAppId);
    }

    /// <summary>A bulk call of the install was carried out and its answer lost.</summary>
    internal void RememberLostBulk(string installedAppId, IEnumerable<string> references)
    {
        lock (_gate)
        {
            if (!_settling.TryGetValue(installedAppId, out var lost))
                _settling[installedAppId] = lost = new HashSet<string>(StringComparer.Ordinal);
            lost.UnionWith(references);
        }
    }

    /// <summary>A bulk post of the install arrived: a batch beyond the lost one ends its settling (a resend of it does not).</summary>
    internal void NoteBulkPost(string installedAppId, IReadOnlyList<string> references)
    {
        lock (_gate)
        {
            if (_settling.TryGetValue(installedAppId, out var lost) && !references.All(lost.Contains))
                _settling.Remove(installedAppId);
        }
    }

    /// <summary>A look-up of transactions by reference, answered: counted while it settles a lost bulk answer.</summary>
    internal void NoteReferenceLookUp(string installedAppId, IReadOnlyList<string> references)
    {
        if (references.Count == 0) return;
        lock (_gate)
        {
            if (!_settling.TryGetValue(installedAppId, out var lost)) return;
            if (!references.All(lost.Contains))
            {
                _settling.Remove(installedAppId);
                return;
            }
        }
        Interlocked.Increment(ref _settlingLookUps);
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
