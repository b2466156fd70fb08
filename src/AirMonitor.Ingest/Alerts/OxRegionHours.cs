using AirMonitor.AirQuality.Series;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// Each photochemical-oxidant issuance region's closed hours, gathered from its stations' series as the derivation
/// hands them over: every station's hourly Ox and how far its hours are complete. A region's hour is judged for a
/// level once its value reaches the level (more stations can only raise it) or once every live station of the region
/// has closed it; a station silent for <see cref="StationPatienceMs"/> behind the region's newest is not waited for,
/// so one dead analyser never holds an advisory up. Bounded: <see cref="KeepHours"/> per region.
/// </summary>
internal sealed class OxRegionHours
{
    /// <summary>Hours a region keeps behind its newest.</summary>
    public const int KeepHours = 48;

    /// <summary>A station whose hours stop this far behind the region's newest is not waited for.</summary>
    public const long StationPatienceMs = 3 * HourlyMeans.HourMs;

    private readonly Dictionary<string, Region> _regions = new(StringComparer.Ordinal);

    /// <summary>A region's hour: the highest station value (whole ppb) and its station; complete when every live station has closed it.</summary>
    public sealed record Hour(long StartMs, double MaxPpb, string Station, bool Complete);

    /// <summary>
    /// Adds <paramref name="station"/>'s closed hours (Ox in ppb, null where it has none) and how far its hours are
    /// closed, and returns the region's hours from <paramref name="from"/> on, oldest first.
    /// </summary>
    public IReadOnlyList<Hour> Add(string region, string station, IEnumerable<(long HourStartMs, double? OxPpb)> closed, long closedThroughMs, long from)
    {
        if (!_regions.TryGetValue(region, out var r))
        {
            _regions[region] = r = new Region();
        }

        foreach (var (hour, ox) in closed)
        {
            if (ox is { } ppb)
            {
                if (!r.Values.TryGetValue(hour, out var stations))
                {
                    r.Values[hour] = stations = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                // Japan reports hourly Ox to 0.001 ppm: whole ppb, judged as reported.
                stations[station] = Math.Round(ppb, MidpointRounding.AwayFromZero);
            }
        }

        r.ClosedThrough[station] = Math.Max(closedThroughMs, r.ClosedThrough.GetValueOrDefault(station, long.MinValue));
        var newest = r.ClosedThrough.Values.Max();
        foreach (var silent in r.ClosedThrough.Where(s => s.Value < newest - (KeepHours * HourlyMeans.HourMs)).Select(s => s.Key).ToList())
        {
            r.ClosedThrough.Remove(silent);
        }

        foreach (var old in r.Values.Keys.Where(h => h < newest - (KeepHours * HourlyMeans.HourMs)).ToList())
        {
            r.Values.Remove(old);
        }

        var complete = r.ClosedThrough.Values.Where(c => c >= newest - StationPatienceMs).Min();
        return
        [
            .. r.Values.Where(h => h.Key >= from && h.Key < newest).Select(h =>
            {
                var max = h.Value.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First();
                return new Hour(h.Key, max.Value, max.Key, h.Key + HourlyMeans.HourMs <= complete);
            }),
        ];
    }

    private sealed class Region
    {
        public SortedDictionary<long, Dictionary<string, double>> Values { get; } = [];

        public Dictionary<string, long> ClosedThrough { get; } = new(StringComparer.Ordinal);
    }
}
