using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace BlnkSliceApp.Tests.Shared.Telemetry;

/// <summary>
/// Every measurement of one app's meter (not of the other apps this test process hosts), by
/// instrument name, with its tags. Observable gauges are read on <see cref="Observe"/>.
/// </summary>
public sealed class MeasurementRecorder : IDisposable
{
    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

    readonly MeterListener _listener = new();
    readonly ConcurrentQueue<Recorded> _recorded = new();

    public MeasurementRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
            copied[key] = tagValue?.ToString();
        _recorded.Enqueue(new Recorded(instrument.Name, value, copied));
    }

    public void Observe() => _listener.RecordObservableInstruments();

    public IReadOnlyList<Recorded> Of(string instrument, string? installedAppId = null) =>
        _recorded.Where(r => r.Instrument == instrument && (installedAppId is null || r.Tags.GetValueOrDefault("install_id") == installedAppId)).ToList();

    public void Dispose() => _listener.Dispose();
}
