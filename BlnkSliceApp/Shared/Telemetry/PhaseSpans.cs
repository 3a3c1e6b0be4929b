using System.Diagnostics;

namespace BlnkSliceApp.Shared.Telemetry;

/// <summary>
/// The phases of one run as consecutive child spans of the run's span: beginning a phase ends
/// the one before. Called from the run's own async flow, so each phase's parent is the run.
/// </summary>
public sealed class PhaseSpans(ActivitySource source, string installedAppId) : IDisposable
{
    Activity? _current;

    public void Begin(string phase)
    {
        _current?.Dispose();
        _current = source.StartActivity(phase);
        _current?.SetTag(SyncMetrics.InstallTag, installedAppId);
    }

    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
    }
}
