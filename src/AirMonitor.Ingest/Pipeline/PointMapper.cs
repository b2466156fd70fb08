using System.Collections.Concurrent;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// Writes accepted samples as points of the storage core (docs/storage.md), straight into the batch as line protocol:
/// tags from the station registry, fields named by the vocabulary, time = the sample's ts. The measurement follows the
/// metrics, not the station: a stack analyser's sample goes to <c>emission</c> even unregistered, a plant's fence-line
/// PM monitor to <c>air</c>.
/// </summary>
/// <remarks>
/// Each series key (measurement and tags of one device's sensor) is validated and escaped once and kept, so a sample
/// costs its fields and its time. The caches hold at most <see cref="MaxCached"/> entries each; beyond, keys are
/// encoded for every sample (still right, only slower).
/// </remarks>
public sealed class PointMapper(StationRegistry registry)
{
    public const string UnregisteredKind = "unregistered";
    public const string FlagsField = "flags";
    public const int MaxCached = 100_000;

    private readonly ConcurrentDictionary<string, DeviceStation> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Device, string Sensor, MetricDomain Domain), byte[]> _seriesKeys = new();

    /// <summary>
    /// Writes one line per sample into <paramref name="lines"/>; returns the span of its <c>air</c> samples and of its
    /// <c>emission</c> samples (the derivations work on those), each null when it has none.
    /// </summary>
    /// <exception cref="ArgumentException">Line protocol cannot carry a tag of these points (registry text); the caller rolls back.</exception>
    public (ReadingSpan? Air, ReadingSpan? Emission) Write(LineWriter lines, string device, IReadOnlyList<Sample> samples)
    {
        var station = StationOf(device);
        var air = new SpanOf();
        var emission = new SpanOf();
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            var domain = DomainOf(sample);
            lines.Series(SeriesKey(station, device, sample.Sensor, domain));
            foreach (var (name, value) in sample.Values)
            {
                lines.Field(name, value);
            }

            if (sample.Flags is { Count: > 0 } flags)
            {
                lines.Field(FlagsField, string.Join(',', flags));
            }

            lines.End(sample.Ts);
            (domain == MetricDomain.Air ? ref air : ref emission).Add(sample.Ts);
        }

        return (air.Of(station), emission.Of(station));
    }

    /// <summary>The station a device's points are tagged with (itself, unregistered, when the registry does not know it).</summary>
    public DeviceStation StationOf(string device)
    {
        if (_devices.TryGetValue(device, out var known))
        {
            return known;
        }

        var station = registry.TryFindByDevice(device, out var registered)
            ? new DeviceStation(registered.Id, [.. registered.PointTags()])
            : new DeviceStation(device, [new(StationTagKeys.Station, device), new(StationTagKeys.Kind, UnregisteredKind)]);
        if (_devices.Count < MaxCached)
        {
            _devices.TryAdd(device, station);
        }

        return station;
    }

    private static MetricDomain DomainOf(Sample sample)
    {
        foreach (var name in sample.Values.Keys)
        {
            if (MetricVocabulary.TryGet(name, out var metric) && metric.Domain == MetricDomain.Emission)
            {
                return MetricDomain.Emission;
            }
        }

        return MetricDomain.Air;
    }

    private byte[] SeriesKey(DeviceStation station, string device, string sensor, MetricDomain domain)
    {
        if (_seriesKeys.TryGetValue((device, sensor, domain), out var key))
        {
            return key;
        }

        key = LineProtocol.EncodeSeriesKey(domain.Measurement(), [.. station.Tags, new(StationTagKeys.Device, device), new(StationTagKeys.Sensor, sensor)]);
        if (_seriesKeys.Count < MaxCached)
        {
            _seriesKeys.TryAdd((device, sensor, domain), key);
        }

        return key;
    }
}

/// <summary>The first and last time of one domain's samples in a message.</summary>
internal struct SpanOf
{
    private long _first;
    private long _last;
    private bool _any;

    public void Add(long ts)
    {
        (_first, _last) = _any ? (Math.Min(_first, ts), Math.Max(_last, ts)) : (ts, ts);
        _any = true;
    }

    public readonly ReadingSpan? Of(DeviceStation station) => _any ? new ReadingSpan(station.Id, station.Tags, _first, _last) : null;
}

/// <summary>The station a device's points belong to, and the registry tags its points and derived points carry.</summary>
public sealed record DeviceStation(string Id, IReadOnlyList<KeyValuePair<string, string>> Tags);
