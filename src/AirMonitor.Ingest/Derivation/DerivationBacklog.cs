using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;

namespace AirMonitor.Ingest.Derivation;

/// <summary>
/// Which station hours have new stored readings since they were last derived, and how far each station's readings
/// have come. Fed by the ack stage once points are in InfluxDB; drained by the <see cref="DerivedSeriesWriter"/>.
/// </summary>
public sealed class DerivationBacklog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StationWork> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _newestTs = new(StringComparer.Ordinal);

    /// <summary>Notes stored points; only <c>air</c> points count (the indices are of the air).</summary>
    public void Stored(IEnumerable<InfluxPoint> points)
    {
        lock (_lock)
        {
            foreach (var point in points)
            {
                if (point.Measurement != MetricDomain.Air.Measurement())
                {
                    continue;
                }

                var station = point.Tags.First(t => t.Key == StationTagKeys.Station).Value;
                if (!_dirty.TryGetValue(station, out var work))
                {
                    var tags = point.Tags.Where(t => t.Key is not (StationTagKeys.Device or StationTagKeys.Sensor)).ToArray();
                    _dirty[station] = work = new StationWork(station, tags, []);
                }

                var hour = HourlyMeans.HourOf(point.TimestampMs);
                work.Hours.Add(hour);
                if (_newestTs.TryGetValue(station, out var newest) && HourlyMeans.HourOf(newest) is var openHour && openHour < hour)
                {
                    // The station's open hour has just closed: derive it once more, to judge it whole.
                    work.Hours.Add(openHour);
                }

                if (!_newestTs.TryGetValue(station, out newest) || point.TimestampMs > newest)
                {
                    _newestTs[station] = point.TimestampMs;
                }
            }
        }
    }

    /// <summary>Takes every station's dirty hours, leaving the queue empty.</summary>
    public IReadOnlyList<StationWork> Take()
    {
        lock (_lock)
        {
            var work = _dirty.Values.ToList();
            _dirty.Clear();
            return work;
        }
    }

    /// <summary>Puts back work that could not be done (InfluxDB unavailable), to be tried in the next round.</summary>
    public void Return(StationWork work)
    {
        lock (_lock)
        {
            if (_dirty.TryGetValue(work.Station, out var newer))
            {
                newer.Hours.UnionWith(work.Hours);
            }
            else
            {
                _dirty[work.Station] = work;
            }
        }
    }

    /// <summary>
    /// The start of the first hour of <paramref name="station"/> not known to be complete: the hour of its newest
    /// stored reading. Edges send oldest first, so every hour before it has arrived, live or drained from an outbox.
    /// </summary>
    public long? OpenHour(string station)
    {
        lock (_lock)
        {
            return _newestTs.TryGetValue(station, out var ts) ? HourlyMeans.HourOf(ts) : null;
        }
    }
}

/// <summary>One station's hours to derive again, and the registry tags its derived points carry.</summary>
public sealed record StationWork(string Station, IReadOnlyList<KeyValuePair<string, string>> Tags, SortedSet<long> Hours);
