namespace BlnkSliceApp.DevCloud.Faults;

/// <summary>When a trapped call springs the trap: as it arrives, or once it has been carried out and before its answer leaves.</summary>
public enum TrapMoment { OnArrival, AfterApplied }

/// <summary>
/// Springs once, on the n-th call that matches: runs an action (the crash proof SIGKILLs the
/// app there, so the app dies with that call in flight), then drops the connection. Set by the
/// proof's driver; idle otherwise.
/// </summary>
public sealed class CallTrap
{
    readonly Lock _gate = new();
    Func<string, string, bool>? _matches;
    TrapMoment _moment;
    int _countdown;
    Func<Task>? _spring;

    /// <summary>How many calls have sprung the trap since it was set (0 or 1).</summary>
    public int Sprung { get; private set; }

    /// <param name="matches">The call's method and path with its query.</param>
    public void Set(Func<string, string, bool> matches, int occurrence, TrapMoment moment, Func<Task> spring)
    {
        lock (_gate)
        {
            _matches = matches;
            _countdown = occurrence;
            _moment = moment;
            _spring = spring;
            Sprung = 0;
        }
    }

    public void Clear()
    {
        lock (_gate) _matches = null;
    }

    /// <summary>Whether this arriving call is the one the trap waits for (counted once per call), and when it springs.</summary>
    public TrapMoment? Catches(HttpRequest request)
    {
        lock (_gate)
        {
            if (_matches is null || !_matches(request.Method, request.Path + request.QueryString) || --_countdown > 0)
                return null;
            _matches = null;
            Sprung++;
            return _moment;
        }
    }

    /// <summary>Runs the action, then drops the call's connection: no answer ever leaves.</summary>
    public async Task SpringAsync(HttpContext context)
    {
        Func<Task>? spring;
        lock (_gate) spring = _spring;
        if (spring is not null)
            await spring();
        context.Abort();
    }
}
