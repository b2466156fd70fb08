using System.Collections.Concurrent;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// Turns accepted samples into points of the storage core (docs/storage.md): tags from the station registry,
/// fields named by the vocabulary, time = the sample's ts. The measurement follows the metrics, not the station:
/// a stack analyser's sample goes to <c>emission</c> even unregistered, a plant's fence-line PM monitor to <c>air</c>.
/// </summary>
public sealed class PointMapper(StationRegistry registry)
{
    public const string UnregisteredKind = "unregistered";
    public const string FlagsField = "flags";

    private readonly ConcurrentDictionary<string, KeyValuePair<string, string>[]> _deviceTags = new(StringComparer.Ordinal);

    public IReadOnlyList<InfluxPoint> Map(string device, IReadOnlyList<Sample> samples)
    {
        var deviceTags = _deviceTags.GetOrAdd(device, DeviceTags);
        var points = new InfluxPoint[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            var tags = new KeyValuePair<string, string>[deviceTags.Length + 1];
            deviceTags.CopyTo(tags, 0);
            tags[^1] = new(StationTagKeys.Sensor, sample.Sensor);

            var fields = new List<KeyValuePair<string, FieldValue>>(sample.Values.Count + 1);
            var domain = MetricDomain.Air;
            foreach (var (name, value) in sample.Values)
            {
                fields.Add(new(name, value));
                if (MetricVocabulary.TryGet(name, out var metric) && metric.Domain == MetricDomain.Emission)
                {
                    domain = MetricDomain.Emission;
                }
            }

            if (sample.Flags is { Count: > 0 } flags)
            {
                fields.Add(new(FlagsField, string.Join(',', flags)));
            }

            points[i] = new InfluxPoint(domain.Measurement(), tags, fields, sample.Ts);
        }

        return points;
    }

    private KeyValuePair<string, string>[] DeviceTags(string device)
    {
        KeyValuePair<string, string> deviceTag = new(StationTagKeys.Device, device);
        return registry.TryFindByDevice(device, out var station)
            ? [.. station.PointTags(), deviceTag]
            : [new(StationTagKeys.Station, device), new(StationTagKeys.Kind, UnregisteredKind), deviceTag];
    }
}
