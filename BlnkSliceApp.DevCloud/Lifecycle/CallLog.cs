namespace BlnkSliceApp.DevCloud.Lifecycle;

public enum CallDirection
{
    /// <summary>The dashboard called the app (install, launch, uninstall).</summary>
    DashboardToApp,
    /// <summary>The app called the Cloud API.</summary>
    AppToCloud,
}

/// <summary>
/// One call and its answer. Bodies are stored already redacted: API keys appear as their
/// prefix only and launch tokens not at all.
/// </summary>
public sealed record CallLogEntry(
    DateTimeOffset At,
    CallDirection Direction,
    string Method,
    string Target,
    int? Status,
    string? RequestBody,
    string? ResponseBody,
    double ElapsedMs,
    string? Error,
    string? InstalledAppId);

/// <summary>The most recent calls, newest last; bounded so a long benchmark cannot exhaust memory.</summary>
public sealed class CallLog(int capacity = 2000)
{
    readonly Lock _gate = new();
    readonly LinkedList<CallLogEntry> _entries = new();
    long _appCalls;
    long _appWrites;
    long _referenceLookUps;

    /// <summary>Every call the app made to the Cloud API since start, and those that were writes (POST, PUT): the list keeps only the recent ones.</summary>
    public long AppCalls => Interlocked.Read(ref _appCalls);
    public long AppWrites => Interlocked.Read(ref _appWrites);

    /// <summary>Transactions looked up by reference (<c>reference_eq</c>, <c>reference_in</c>): what settling an unknown outcome costs.</summary>
    public long ReferenceLookUps => Interlocked.Read(ref _referenceLookUps);

    public void Add(CallLogEntry entry)
    {
        if (entry.Direction == CallDirection.AppToCloud)
        {
            Interlocked.Increment(ref _appCalls);
            if (entry.Method is "POST" or "PUT") Interlocked.Increment(ref _appWrites);
            if (entry.Method == "GET" && entry.Target.StartsWith("/data/transactions?", StringComparison.Ordinal) && entry.Target.Contains("reference_", StringComparison.Ordinal))
                Interlocked.Increment(ref _referenceLookUps);
        }
        lock (_gate)
        {
            _entries.AddLast(entry);
            while (_entries.Count > capacity) _entries.RemoveFirst();
        }
    }

    public IReadOnlyList<CallLogEntry> Entries
    {
        get { lock (_gate) return _entries.ToList(); }
    }

    public IReadOnlyList<CallLogEntry> Recent(int count)
    {
        lock (_gate) return _entries.Reverse().Take(count).ToList();
    }
}
